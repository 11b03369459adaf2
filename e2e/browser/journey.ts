// The product's journey in a real browser, found by accessible names only (the names the
// pages promise; a highlight, which has none, by its element: <mark>, pdf.js's runs): sign up,
// a task, a document, a PDF opened at a passage, a search by keyboard, a cited answer opened at
// its passage, its regeneration, an edited question and the export, the theme, settings, sign
// out. Each page is checked for accessibility (axe) and saved as a screenshot on the way, in
// both themes.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { makePdf } from '../../server/test/support/pdf.js';
import { DESKTOP, PHONE } from './launch.js';
import { cameraFor, stepsOf, type Camera } from './steps.js';
import { STEP_TIMEOUT_MS, gone, see, textOf, until } from './waits.js';

export interface JourneyOptions {
  /** Where Docket answers, without a trailing slash: http://127.0.0.1:<port> */
  baseUrl: string;
  screenshotDir: string;
}

interface Journey {
  page: Page;
  baseUrl: string;
  shoot: Camera['shoot'];
}

/** e2e/artifacts/screenshots/<run>/, which git ignores. */
export const screenshotsOf = (run: string) =>
  fileURLToPath(new URL(`../artifacts/screenshots/${run}/`, import.meta.url));

/** One section, so one chunk: citation 1 is always this passage. */
const DOCUMENT = {
  fileName: 'lighthouse-notes.md',
  /** What the server makes of the file name. */
  title: 'lighthouse notes',
  text: '# Lighthouse notes\n\nThe lighthouse keeper polishes the brass lens with walnut oil every Tuesday, before the evening lamp is lit.\n',
  /** In the passage, not in the question: seen only if the answer quotes the document. */
  quoted: /walnut oil/,
};
/** A two-page PDF: its passage, on page 2, is opened from a search and highlighted by pdf.js. */
const PDF = {
  fileName: 'harbour-almanac.pdf',
  title: 'Harbour almanac',
  /** Named from the file or from the PDF's own title: either way, these words. */
  named: /harbour almanac/i,
  pages: [
    ['Harbour almanac', 'Moorings are let by the season, paid at the office.'],
    ['Tides', 'The harbour master chalks the spring tides on the slate by the slipway.'],
  ],
  search: 'harbour master slate',
  quoted: /chalks the spring tides/,
};
const QUESTION = 'What does the lighthouse keeper polish on Tuesdays?';
/** The question in other words: a third branch, still answered from the document. */
const EDITED = 'Which lens does the keeper polish with walnut oil?';
const TASK = { title: 'Renew the library card', tags: 'errands, paperwork', shownTag: /paperwork/ };
const SECOND_TASK = 'Water the ferns';

export async function runJourney(page: Page, { baseUrl, screenshotDir }: JourneyOptions) {
  const camera = cameraFor(page, screenshotDir);
  const journey: Journey = { page, baseUrl, shoot: camera.shoot };
  const steps = stepsOf(page, camera, 'browser journey', 'browser');
  const step = (name: string, run: (journey: Journey) => Promise<void>) =>
    steps(name, () => run(journey));
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.setViewportSize(DESKTOP);

  await step('sign up', signUp);
  await step('add tasks, complete one, delete one', addAndCompleteTask);
  await step('upload a document and wait until it is ready', uploadDocument);
  await step('open a PDF at a passage found by search: pdf.js highlights it', openPdfPassage);
  await step('search the documents from the keyboard', searchByKeyboard);
  await step('ask about the document in chat', askAboutDocument);
  await step('open the citation, then its document at the passage', openCitation);
  await step('regenerate the answer, edit the question, switch branches, export', reviseAndExport);
  await step('attach a file to a question and have it answered from it', askAboutAttachment);
  await step('choose the dark theme, kept after a reload', chooseDarkTheme);
  await step('settings', visitSettings);
  await step('sign out', signOut);
}

async function signUp({ page, baseUrl, shoot }: Journey) {
  await page.goto(`${baseUrl}/sign-in`);
  await see(page.getByRole('button', { name: 'Sign in', exact: true }), 'the "Sign in" button');
  await shoot('sign-in');

  await page.goto(`${baseUrl}/sign-up`);
  await see(page.getByRole('button', { name: 'Sign up', exact: true }), 'the "Sign up" button');
  await shoot('sign-up');
  const email = `ada-${Math.random().toString(36).slice(2, 10)}@example.com`;
  await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await see(page.getByRole('button', { name: 'Sign out', exact: true }), 'signed in ("Sign out")');
}

async function addAndCompleteTask({ page, baseUrl, shoot }: Journey) {
  await page.getByRole('link', { name: 'Tasks', exact: true }).click();
  await see(page.getByRole('heading', { name: 'Tasks', exact: true }), 'the "Tasks" heading');
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const item = await addTask(page, TASK.title, async () => {
    await page.getByLabel('Due date', { exact: true }).fill(inAWeek);
    await page.getByLabel('Tags', { exact: true }).fill(TASK.tags);
    await page.getByLabel('Priority', { exact: true }).selectOption('high');
  });
  await textOf(item, TASK.shownTag, `the tag on "${TASK.title}"`);
  await page.getByRole('checkbox', { name: `Done: ${TASK.title}`, exact: true }).check();
  await until(page, `"${TASK.title}" done on the server`, async () => {
    const tasks = (await (
      await page.request.get(`${baseUrl}/api/tasks?q=${encodeURIComponent(TASK.title)}`)
    ).json()) as { items: { title: string; status: string }[] };
    return tasks.items.some((task) => task.title === TASK.title && task.status === 'done');
  });

  // A second, open task: the status filter has one of each to tell apart.
  const second = await addTask(page, SECOND_TASK);
  const status = page.getByLabel('Status', { exact: true });
  await status.selectOption({ label: 'Open' });
  await see(second, `"${SECOND_TASK}" under the status filter "Open"`);
  await gone(item, `"${TASK.title}" under the status filter "Open"`);
  await status.selectOption({ label: 'Done' });
  await see(item, `"${TASK.title}" under the status filter "Done"`);
  await gone(second, `"${SECOND_TASK}" under the status filter "Done"`);
  await status.selectOption({ label: 'All' });
  await see(second, `"${SECOND_TASK}" under the status filter "All"`);
  await shoot('tasks');
  await deleteTask(page, second, SECOND_TASK);
}

/** Deletes a task, saying yes to the browser's question; the focus then goes to the list. */
async function deleteTask(page: Page, item: Locator, title: string) {
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: `Delete ${title}`, exact: true }).click();
  await gone(item, `"${title}" after Delete`);
  await see(
    page.locator('h2:focus', { hasText: 'Your list' }),
    'the focus on the "Your list" heading after the delete',
    { state: 'attached' },
  );
}

/** Adds a task through the add form (`details` fills its other fields); returns its list item. */
async function addTask(page: Page, title: string, details?: () => Promise<void>) {
  await page.getByLabel('New task', { exact: true }).fill(title);
  await details?.();
  await page.getByRole('button', { name: 'Add task', exact: true }).click();
  return see(page.getByRole('listitem').filter({ hasText: title }), `the task "${title}" listed`);
}

async function uploadDocument({ page, shoot }: Journey) {
  await page.getByRole('link', { name: 'Documents', exact: true }).click();
  await see(
    page.getByRole('heading', { name: 'Documents', exact: true }),
    'the "Documents" heading',
  );
  await page.getByLabel('Choose files', { exact: true }).setInputFiles({
    name: DOCUMENT.fileName,
    mimeType: 'text/markdown',
    buffer: Buffer.from(DOCUMENT.text),
  });
  const item = page.getByRole('listitem').filter({ hasText: DOCUMENT.title });
  await see(item, `the document "${DOCUMENT.title}" in the list`);
  // The status on its own, exactly as the pages name it.
  const status = item.getByText(/^(Queued|Processing \d+%|Ready|Failed: .+)$/);
  await textOf(status, /^Ready$/, `"${DOCUMENT.title}" becoming Ready`, {
    timeoutMs: 90_000,
    fail: /^Failed: /,
  });
  await gone(
    page.getByRole('progressbar', { name: `${DOCUMENT.title} ingestion`, exact: true }),
    `the progress bar "${DOCUMENT.title} ingestion"`,
  );
  await shoot('documents');
}

async function openPdfPassage({ page, shoot }: Journey) {
  await page.getByLabel('Choose files', { exact: true }).setInputFiles({
    name: PDF.fileName,
    mimeType: 'application/pdf',
    buffer: await makePdf(PDF.pages, PDF.title),
  });
  const item = page.getByRole('listitem').filter({ hasText: PDF.named });
  const status = item.getByText(/^(Queued|Processing \d+%|Ready|Failed: .+)$/);
  await textOf(status, /^Ready$/, `"${PDF.title}" becoming Ready`, {
    timeoutMs: 90_000,
    fail: /^Failed: /,
  });
  await page.getByLabel('Words or a question', { exact: true }).fill(PDF.search);
  await page.keyboard.press('Enter');
  const results = page.getByRole('region', { name: 'Search documents' });
  await textOf(results, PDF.quoted, 'the PDF passage found');
  await results
    .getByRole('link', { name: new RegExp(`^Open ${PDF.named.source} at this passage$`, 'i') })
    .first()
    .click();
  await see(
    page.getByRole('heading', { name: PDF.named, level: 1 }),
    'the PDF headed by its title',
  );
  await textOf(page.getByRole('navigation', { name: 'Pages' }), /Page 2 of 2/, 'page 2 of 2 shown');
  await textOf(
    page.getByRole('status').filter({ hasText: /passage/ }),
    /^The cited passage is highlighted\.$/,
    'the viewer saying the passage is highlighted',
  );
  const highlighted = page.locator('.pdf-page .textLayer .passage');
  await see(highlighted.first(), 'the highlighted runs on the drawn page');
  const text = (await highlighted.allTextContents()).join(' ');
  if (!PDF.quoted.test(text)) throw new Error(`the highlight holds "${text}", not the passage`);
  await shoot('document-pdf');
  await page.getByRole('link', { name: 'Documents', exact: true }).first().click();
  await see(
    page.getByRole('heading', { name: 'Documents', exact: true }),
    'the "Documents" heading',
  );
}

/** ? lists the shortcuts; Ctrl+K searches the documents, Shift+Esc goes to the message box. */
async function searchByKeyboard({ page, shoot }: Journey) {
  await page.keyboard.press('Shift+Slash');
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await see(shortcuts, 'the "Keyboard shortcuts" dialog after ?');
  await textOf(shortcuts, /Search documents/, 'the shortcuts listed');
  await shoot('shortcuts', { fullPage: false });
  await page.keyboard.press('Escape');
  await gone(shortcuts, 'the shortcuts dialog after Escape');

  await page.getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.keyboard.press('Control+K');
  const field = page.getByLabel('Words or a question', { exact: true });
  await see(
    page.locator('input:focus[type="search"]'),
    'the focus in the document search after Ctrl+K',
  );
  await until(
    page,
    'the address /documents',
    async () => new URL(page.url()).pathname === '/documents',
  );
  await field.fill('walnut oil');
  await page.keyboard.press('Enter');
  const results = page.getByRole('region', { name: 'Search documents' }).getByRole('listitem');
  await textOf(results.filter({ hasText: DOCUMENT.quoted }), DOCUMENT.quoted, 'the passage found');
  await shoot('documents-search', { fullPage: false });

  await page.keyboard.press('Shift+Escape');
  await see(page.locator('textarea:focus'), 'the focus in the message box after Shift+Esc');
  await until(page, 'the address /chat', async () => new URL(page.url()).pathname === '/chat');
}

async function askAboutDocument({ page, baseUrl, shoot }: Journey) {
  await page.getByRole('link', { name: 'Chat', exact: true }).click();
  await see(page.getByRole('heading', { name: 'Chat', exact: true }), 'the "Chat" heading', {
    state: 'attached',
  });
  const settings = (await (await page.request.get(`${baseUrl}/api/settings`)).json()) as {
    chat: { provider: string };
  };
  if (settings.chat.provider === 'offline')
    await see(
      page.getByRole('status').filter({ hasText: /language model/i }),
      'the note that no language model is configured',
    );

  await page.getByLabel('Message', { exact: true }).fill(QUESTION);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const citation = citationOf(page);
  const streamError = page.getByRole('main').getByRole('alert');
  await see(citation.or(streamError).first(), `an answer citing "${DOCUMENT.title}"`, {
    timeoutMs: 60_000,
  });
  if (await streamError.isVisible())
    throw new Error(`the answer failed: "${await streamError.first().textContent()}"`);
  await gone(page.getByRole('button', { name: 'Stop', exact: true }), 'the "Stop" button', 60_000);
  await textOf(citation, /^\[1\]$/, 'the citation reading "[1]"');
  await textOf(page.getByRole('main'), DOCUMENT.quoted, 'the answer quoting the document');
  await see(
    page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first(),
    'the new conversation under "Conversations"',
  );
  await shoot('chat');
}

/** The answer's first citation: "[1]", named after the document (and its page, if any). */
const citationOf = (page: Page) =>
  page.getByRole('button', {
    name: new RegExp(`^Citation 1: ${DOCUMENT.title}(, page \\d+)?$`),
  });

async function openCitation({ page, shoot }: Journey) {
  const citation = citationOf(page);
  await citation.click();
  const dialog = page.getByRole('dialog');
  await see(
    dialog.getByRole('heading', { name: DOCUMENT.title, exact: true }),
    'the citation dialog headed by the document title',
  );
  await textOf(dialog, DOCUMENT.quoted, 'the cited passage in the dialog');
  await shoot('chat-citation');

  // The document at the passage: its text, the passage marked, scrolled to and focused.
  await dialog
    .getByRole('link', { name: 'Open the document at this passage', exact: true })
    .click();
  await see(
    page.getByRole('heading', { name: DOCUMENT.title, exact: true, level: 1 }),
    'the document headed by its title',
  );
  const mark = page.locator('.document-text mark');
  await textOf(mark, DOCUMENT.quoted, 'the cited passage marked in the document');
  await see(page.locator('mark:focus'), 'the focus on the marked passage');
  await shoot('document-passage');
  await page.goBack();
  await see(citation, 'the answer again after Back');

  // What a phone shows: a whole-page picture would pin the composer mid-conversation.
  await page.setViewportSize(PHONE);
  await citation.scrollIntoViewIfNeeded();
  await shoot('chat-phone', { fullPage: false });
  await page.setViewportSize(DESKTOP);
}

/** Waits for the answer being written to be saved: Stop gone, the citation back. */
async function answerSaved(page: Page, what: string) {
  await gone(page.getByRole('button', { name: 'Stop', exact: true }), 'the "Stop" button', 60_000);
  await see(citationOf(page), what, { timeoutMs: 60_000 });
}

const versionsOf = (page: Page) =>
  page.getByRole('navigation', { name: 'Versions of this question' });

/**
 * Regenerate and edit keep what they replace as branches, "‹ n/m ›" switches between them;
 * the export downloads the branch shown, as Markdown (a real download) and as JSON.
 */
async function reviseAndExport({ page, baseUrl, shoot }: Journey) {
  await page.getByRole('button', { name: 'Regenerate', exact: true }).click();
  await answerSaved(page, 'the regenerated answer citing the document');
  await textOf(versionsOf(page), /2\/2/, "the question's versions reading 2/2");

  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByLabel('Edit the question', { exact: true }).fill(EDITED);
  await page.getByRole('button', { name: 'Ask again', exact: true }).click();
  await answerSaved(page, 'the answer to the edited question');
  await textOf(versionsOf(page), /3\/3/, "the question's versions reading 3/3");
  await textOf(page.getByRole('main'), new RegExp(EDITED), 'the edited question');
  await shoot('chat-branches');

  await versionsOf(page).getByRole('button', { name: 'Previous version of this question' }).click();
  await textOf(versionsOf(page), /2\/3/, "the question's versions reading 2/3");
  await gone(page.getByText(EDITED, { exact: true }), 'the edited question, on another branch');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export as Markdown', exact: true }).click(),
  ]);
  if (!/\.md$/.test(download.suggestedFilename()))
    throw new Error(`the Markdown export is named "${download.suggestedFilename()}"`);
  const markdown = await readFile(await download.path(), 'utf8');
  if (!markdown.includes(`## You`) || !markdown.includes(QUESTION) || markdown.includes(EDITED))
    throw new Error(`the Markdown export is not the branch shown:\n${markdown.slice(0, 500)}`);

  const json = page.getByRole('link', { name: 'Export as JSON', exact: true });
  const response = await page.request.get(
    new URL((await json.getAttribute('href'))!, baseUrl).href,
  );
  const exported = (await response.json()) as { format?: string };
  if (!response.ok() || exported.format !== 'docket.conversation.v1')
    throw new Error(`the JSON export answered ${response.status()}: ${JSON.stringify(exported)}`);
}

/** A file attached in chat: in no other document, so only an answer from it quotes it. */
const ATTACHMENT = {
  fileName: 'boiler-log.txt',
  title: 'boiler log',
  text: 'The boiler pressure gauge read 1.4 bar after the caretaker bled the radiators.\n',
};

async function askAboutAttachment({ page, shoot }: Journey) {
  await page.getByRole('button', { name: 'New conversation', exact: true }).click();
  await page.getByLabel('Attach a file', { exact: true }).setInputFiles({
    name: ATTACHMENT.fileName,
    mimeType: 'text/plain',
    buffer: Buffer.from(ATTACHMENT.text),
  });
  const attached = page.getByRole('list', { name: 'Files attached to the next question' });
  await textOf(attached, /Ready/, `"${ATTACHMENT.fileName}" read and Ready`, {
    timeoutMs: 60_000,
  });
  await page.getByLabel('Message', { exact: true }).fill('What did the gauge read?');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await see(
    page.getByRole('button', { name: new RegExp(`^Citation 1: ${ATTACHMENT.title}$`) }),
    `an answer citing the attachment "${ATTACHMENT.title}"`,
    { timeoutMs: 60_000 },
  );
  await gone(page.getByRole('button', { name: 'Stop', exact: true }), 'the "Stop" button', 60_000);
  await textOf(
    page.getByRole('list', { name: 'Attached documents' }),
    new RegExp(ATTACHMENT.title),
    'the attachment shown with the question',
  );
  await gone(attached, 'the attachment list of the next question');
  await shoot('chat-attachment');
}

/** The top bar's toggle: chosen dark stays dark after a reload; choosing again follows the system. */
async function chooseDarkTheme({ page }: Journey) {
  const toggle = page.getByRole('button', { name: 'Dark theme', exact: true });
  const theme = async () => (await page.locator('html').getAttribute('data-theme')) ?? 'system';
  await toggle.click();
  await until(page, 'the dark theme chosen', async () => (await theme()) === 'dark');
  await page.reload();
  await see(toggle, 'the theme toggle after a reload');
  if ((await theme()) !== 'dark') throw new Error('the dark theme was not kept after a reload');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true')
    throw new Error('the theme toggle does not say the dark theme is on');
  await toggle.click();
  await until(page, 'the system theme followed again', async () => (await theme()) === 'system');
}

async function visitSettings({ page, shoot }: Journey) {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await see(page.getByRole('heading', { name: 'Settings', exact: true }), 'the "Settings" heading');
  await shoot('settings');
}

async function signOut({ page }: Journey) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
  await see(signIn, 'the sign-in page after signing out');
  await until(
    page,
    'the address /sign-in',
    async () => new URL(page.url()).pathname === '/sign-in',
  );
  // The session ended on the server too: a reload stays signed out.
  await page.reload();
  await see(signIn, 'the sign-in page after a reload');
}
