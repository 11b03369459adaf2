import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import type { McpServer } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { textOf, useSubmit } from '../ui/useSubmit';
import { listMcpTools } from './api';
import {
  mcpServersQuery,
  useAddMcpServer,
  useDeleteMcpServer,
  useSwitchMcpServer,
} from './mcpQueries';

/** One server: on or off, its tools checked on demand, deleted. */
function McpServerItem({ server }: { server: McpServer }) {
  const switching = useSwitchMcpServer();
  const deleting = useDeleteMcpServer();
  const checking = useMutation({ mutationFn: () => listMcpTools(server.id) });
  const tools = checking.data;
  return (
    <li className="mcp-server">
      <span className="token-name">{server.name}</span>
      <code>{server.url}</code>
      <span className="hint">
        {server.enabled ? 'on' : 'off'}
        {server.hasSecret ? ' · with a secret' : ''}
      </span>
      <div className="actions">
        <button type="button" onClick={() => checking.mutate()} disabled={checking.isPending}>
          List tools
        </button>
        <button
          type="button"
          disabled={switching.isPending}
          aria-label={`${server.enabled ? 'Switch off' : 'Switch on'} ${server.name}`}
          onClick={() => switching.mutate({ id: server.id, enabled: !server.enabled })}
        >
          {server.enabled ? 'Switch off' : 'Switch on'}
        </button>
        <button
          type="button"
          className="button-danger"
          aria-label={`Delete ${server.name}`}
          onClick={() => {
            if (window.confirm(`Delete the MCP server “${server.name}”?`))
              deleting.mutate(server.id);
          }}
        >
          Delete
        </button>
      </div>
      {tools && (
        <p className="hint">
          {tools.length === 0
            ? 'It offers no tools.'
            : `Its tools: ${tools.map((t) => t.name).join(', ')}`}
        </p>
      )}
      <ErrorNotice error={checking.error ?? switching.error ?? deleting.error ?? undefined} />
    </li>
  );
}

/**
 * External MCP servers whose tools the assistant may use (administrators only): every
 * request to them follows the server's SSRF rules, which its errors explain.
 */
export function McpServersSection() {
  const servers = useQuery(mcpServersQuery);
  const adding = useAddMcpServer();
  const form = useSubmit(async (values) => {
    const secret = textOf(values, 'secret');
    await adding.mutateAsync({
      name: textOf(values, 'name'),
      url: textOf(values, 'url'),
      ...(secret ? { secret } : {}),
    });
  });
  const refused = servers.error instanceof ApiError && servers.error.status === 403;
  return (
    <section className="card" aria-labelledby="mcp-heading">
      <h2 id="mcp-heading">MCP servers</h2>
      <p className="hint">
        External tools for the assistant (Streamable HTTP). Their tools are named{' '}
        <code>server__tool</code> in answers.
      </p>
      {refused ? (
        <p>Only administrators manage MCP servers.</p>
      ) : (
        <>
          <form className="mcp-form" onSubmit={form.onSubmit}>
            <Field
              label="Name"
              name="name"
              required
              maxLength={24}
              hint="Lower-case letters, digits and dashes: the prefix of its tools."
            />
            <Field label="URL" name="url" type="url" required placeholder="https://…/mcp" />
            <Field
              label="Bearer secret (optional)"
              name="secret"
              type="password"
              autoComplete="off"
              hint="Stored sealed; never shown again."
            />
            <button type="submit" className="button-primary" disabled={form.busy}>
              Add server
            </button>
          </form>
          <ErrorNotice error={form.error ?? servers.error ?? undefined} />
          {servers.data?.length === 0 && <p>No MCP servers yet.</p>}
          {servers.data && servers.data.length > 0 && (
            <ul className="token-list">
              {servers.data.map((server) => (
                <McpServerItem key={server.id} server={server} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
