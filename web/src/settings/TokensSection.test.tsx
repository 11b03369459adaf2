import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiToken } from '../api/types';
import { collection, page } from '../../test/collections';
import { fakeApi, json } from '../../test/fakeApi';
import { renderPage } from '../../test/render';
import { TokensSection } from './TokensSection';
import { tomorrow } from './tokenForm';

const AT = '2026-05-01T10:00:00.000Z';
const token = (name: string, changes: Partial<ApiToken> = {}): ApiToken => ({
  id: `t-${name}`,
  name,
  prefix: 'dk_abcd',
  scopes: ['read', 'write'],
  collectionIds: null,
  expiresAt: null,
  createdAt: AT,
  lastUsedAt: null,
  ...changes,
});

describe('API tokens in Settings', () => {
  it('makes a read-only token for some collections that expires, and lists what each may do', async () => {
    const harbour = collection('Harbour logs');
    const lamp = collection('Lamp room');
    let tokens = [token('backup script')];
    const api = fakeApi({
      'GET /api/collections': () => json(page([harbour, lamp])),
      'GET /api/tokens': () => json({ items: tokens }),
      'POST /api/tokens': ({ body }) => {
        const made = { ...token('wiki bot'), ...(body as Partial<ApiToken>) };
        tokens = [made, ...tokens];
        return json({ ...made, token: 'dk_abcd_secret' }, 201);
      },
    });
    const { user } = renderPage(<TokensSection />);
    expect(
      await screen.findByText('read and write · all your documents · never expires'),
    ).toBeTruthy();

    await user.type(screen.getByLabelText('Token name'), 'wiki bot');
    await user.selectOptions(screen.getByLabelText('Scopes'), 'Read only');
    await user.click(await screen.findByRole('checkbox', { name: 'Harbour logs' }));
    const day = tomorrow();
    await user.type(screen.getByLabelText('Expires on (optional)'), day);
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    expect(await screen.findByDisplayValue('dk_abcd_secret')).toBeTruthy();
    expect(api.callsTo('POST /api/tokens')[0]!.body).toEqual({
      name: 'wiki bot',
      scopes: ['read'],
      collectionIds: [harbour.id],
      expiresAt: new Date(`${day}T00:00`).toISOString(),
    });
    await waitFor(() =>
      expect(screen.getByText(/^read only · only Harbour logs · expires /)).toBeTruthy(),
    );
  });

  it('makes a token like before when nothing is chosen, and marks an expired one', async () => {
    const tokens = [token('old', { expiresAt: '2020-01-01T00:00:00.000Z', collectionIds: ['x'] })];
    const api = fakeApi({
      'GET /api/collections': () => json(page([])),
      'GET /api/tokens': () => json({ items: tokens }),
      'POST /api/tokens': ({ body }) =>
        json({ ...token('plain'), ...(body as object), token: 'dk_plain' }, 201),
    });
    const { user } = renderPage(<TokensSection />);
    expect(
      await screen.findByText(/^read and write · only a collection you no longer see · expired /),
    ).toBeTruthy();
    await user.type(screen.getByLabelText('Token name'), 'plain');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await waitFor(() =>
      expect(api.callsTo('POST /api/tokens')[0]?.body).toEqual({
        name: 'plain',
        scopes: ['read', 'write'],
      }),
    );
  });
});
