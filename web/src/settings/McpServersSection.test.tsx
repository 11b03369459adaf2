import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { McpServer } from '../api/types';
import { apiError, fakeApi, json } from '../../test/fakeApi';
import { renderPage } from '../../test/render';
import { McpServersSection } from './McpServersSection';

const AT = '2026-05-01T10:00:00.000Z';
const server = (changes: Partial<McpServer> = {}): McpServer => ({
  id: 's1',
  name: 'weather',
  url: 'https://weather.example/mcp',
  enabled: true,
  hasSecret: false,
  createdAt: AT,
  updatedAt: AT,
  ...changes,
});

describe('the MCP servers section', () => {
  it('adds a server with a secret, switches it off, and deletes it', async () => {
    let servers: McpServer[] = [];
    const api = fakeApi({
      'GET /api/admin/mcp-servers': () => json({ items: servers }),
      'POST /api/admin/mcp-servers': () => {
        servers = [server({ hasSecret: true })];
        return json(servers[0], 201);
      },
      'PATCH /api/admin/mcp-servers/:id': ({ body }) => {
        servers = [server({ hasSecret: true, ...(body as object) })];
        return json(servers[0]);
      },
      'DELETE /api/admin/mcp-servers/:id': () => {
        servers = [];
        return json(null, 204);
      },
    });
    const { user } = renderPage(<McpServersSection />);
    expect(await screen.findByText('No MCP servers yet.')).toBeTruthy();
    await user.type(screen.getByLabelText('Name'), 'weather');
    await user.type(screen.getByLabelText('URL'), 'https://weather.example/mcp');
    await user.type(screen.getByLabelText('Bearer secret (optional)'), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Add server' }));
    expect(api.callsTo('POST /api/admin/mcp-servers')[0]!.body).toEqual({
      name: 'weather',
      url: 'https://weather.example/mcp',
      secret: 's3cret',
    });
    const item = (await screen.findByText('weather', { selector: '.token-name' })).closest('li')!;
    expect(item.textContent).toContain('on · with a secret');

    await user.click(within(item).getByRole('button', { name: 'Switch off weather' }));
    expect(api.callsTo('PATCH /api/admin/mcp-servers/:id')[0]!.body).toEqual({ enabled: false });
    await waitFor(() =>
      expect(
        screen.getByText('weather', { selector: '.token-name' }).closest('li')!.textContent,
      ).toContain('off'),
    );

    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Delete weather' }));
    expect(await screen.findByText('No MCP servers yet.')).toBeTruthy();
  });

  it('shows the server’s refusal of a URL, and what connecting to a server found', async () => {
    fakeApi({
      'GET /api/admin/mcp-servers': () => json({ items: [server()] }),
      'POST /api/admin/mcp-servers': () =>
        apiError(400, 'BLOCKED_URL', '10.0.0.5 is a private address; list it in MCP_ALLOWED_HOSTS'),
      'GET /api/admin/mcp-servers/:id/tools': () =>
        apiError(502, 'MCP_SERVER_FAILED', 'weather did not answer: connection refused'),
    });
    const { user } = renderPage(<McpServersSection />);
    await user.type(await screen.findByLabelText('Name'), 'intranet');
    await user.type(screen.getByLabelText('URL'), 'http://10.0.0.5/mcp');
    await user.click(screen.getByRole('button', { name: 'Add server' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/MCP_ALLOWED_HOSTS/);
    await user.click(screen.getByRole('button', { name: 'List tools' }));
    expect(await screen.findByText(/did not answer: connection refused/)).toBeTruthy();
  });

  it('tells someone who is not an administrator that they cannot manage them', async () => {
    fakeApi({
      'GET /api/admin/mcp-servers': () => apiError(403, 'FORBIDDEN', 'administrators only'),
    });
    renderPage(<McpServersSection />);
    expect(await screen.findByText('Only administrators manage MCP servers.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add server' })).toBeNull();
  });
});
