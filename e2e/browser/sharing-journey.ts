// Sharing in a real browser, as two people with accounts: the owner pastes a document, makes a
// collection of it on the Collections page and shares it with the other as a viewer; the
// viewer then finds the document, named as shared by its owner, with nothing to change it by;
// once the owner removes the viewer, the document is gone from the viewer's list. Part of the
// administrator's journey, which has made both accounts by then.
import type { Page } from 'playwright-core';
import type { Camera } from './steps.js';
import { gone, see, textOf } from './waits.js';

export interface Account {
  email: string;
  password: string;
  name: string;
}

const COLLECTION = 'Harbour handbook';
const DOCUMENT = {
  title: 'Harbour rules',
  text: 'Boats moor on the north quay after sunset; the harbour master keeps the keys.',
};

export async function shareACollection(
  page: Page,
  {
    baseUrl,
    owner,
    viewer,
    camera,
  }: { baseUrl: string; owner: Account; viewer: Account; camera: Camera },
) {
  await signIn(page, baseUrl, owner);
  await pasteDocument(page);
  await page.getByRole('link', { name: 'Collections', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill(COLLECTION);
  await page.getByRole('button', { name: 'Create collection', exact: true }).click();
  await page.getByRole('link', { name: COLLECTION, exact: true }).click();
  await see(page.getByRole('heading', { name: COLLECTION, exact: true }), 'the collection');
  await page.getByLabel('Add one of your documents', { exact: true }).selectOption({
    label: DOCUMENT.title,
  });
  await page.getByRole('button', { name: 'Add document', exact: true }).click();
  await see(
    page.getByRole('button', { name: `Remove ${DOCUMENT.title} from the collection` }),
    'the document in the collection',
  );
  const share = page.getByRole('form', { name: 'Share the collection' });
  await share.getByLabel('Email', { exact: true }).fill(viewer.email);
  await share.getByRole('button', { name: 'Share', exact: true }).click();
  await see(page.getByLabel(`Role of ${viewer.name}`, { exact: true }), 'the viewer listed');
  await camera.shoot('collection');
  await signOut(page);

  await signIn(page, baseUrl, viewer);
  const item = await openDocuments(page).then(() => documentItem(page));
  await textOf(item, new RegExp(`shared by ${owner.name}`), 'who shared it');
  for (const action of ['Delete', 'Refresh', 'Cancel'])
    if (await item.getByRole('button', { name: new RegExp(`^${action}`) }).count())
      throw new Error(`the viewer is offered ${action} on the owner's document`);
  await page.getByRole('link', { name: 'Collections', exact: true }).click();
  await textOf(
    page.getByRole('listitem').filter({ hasText: COLLECTION }),
    new RegExp(`Shared with you by ${owner.name}, as a viewer`),
    'the shared collection',
  );
  await camera.shoot('collections-shared');
  await signOut(page);
}

/** The owner removes the viewer; the viewer's list no longer holds the document. */
export async function unshareTheCollection(
  page: Page,
  { baseUrl, owner, viewer }: { baseUrl: string; owner: Account; viewer: Account },
) {
  await signIn(page, baseUrl, owner);
  await page.getByRole('link', { name: 'Collections', exact: true }).click();
  await page.getByRole('link', { name: COLLECTION, exact: true }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: `Remove ${viewer.name}`, exact: true }).click();
  await gone(page.getByLabel(`Role of ${viewer.name}`, { exact: true }), 'the viewer');
  await signOut(page);

  await signIn(page, baseUrl, viewer);
  await openDocuments(page);
  await see(page.getByText(/No documents yet/), 'an empty list');
  await gone(documentItem(page), 'the document the viewer may no longer read');
  await signOut(page);
}

export async function signIn(page: Page, baseUrl: string, account: Account) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await see(page.getByRole('button', { name: 'Sign out', exact: true }), 'signed in');
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await see(page.getByRole('button', { name: 'Sign in', exact: true }), 'signed out');
}

async function openDocuments(page: Page) {
  await page.getByRole('link', { name: 'Documents', exact: true }).click();
  await see(page.getByRole('heading', { name: 'Documents', exact: true }), 'Documents');
}

const documentItem = (page: Page) => page.getByRole('listitem').filter({ hasText: DOCUMENT.title });

async function pasteDocument(page: Page) {
  await openDocuments(page);
  await page.getByLabel('Title', { exact: true }).fill(DOCUMENT.title);
  await page.getByLabel('Text', { exact: true }).fill(DOCUMENT.text);
  await page.getByRole('button', { name: 'Add text', exact: true }).click();
  const status = documentItem(page).getByText(/^(Queued|Processing \d+%|Ready|Failed: .+)$/);
  await textOf(status, /^Ready$/, `"${DOCUMENT.title}" becoming Ready`, {
    timeoutMs: 90_000,
    fail: /^Failed: /,
  });
}
