import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ApiToken } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { tokensQuery, useCreateToken, useRevokeToken } from './queries';
import { NewTokenNotice } from './NewTokenNotice';

/** Personal API tokens, for scripts and MCP clients: created, copied once, revoked. */
export function TokensSection() {
  const tokens = useQuery(tokensQuery);
  const creating = useCreateToken();
  const revoking = useRevokeToken();
  const [created, setCreated] = useState<{ name: string; token: string }>();

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = new FormData(form).get('name');
    revoking.reset();
    creating.mutate(typeof name === 'string' ? name : '', {
      onSuccess: (token) => {
        setCreated({ name: token.name, token: token.token });
        form.reset();
      },
    });
  }

  function revoke(token: ApiToken) {
    if (!window.confirm(`Revoke “${token.name}”? Anything using it stops working at once.`)) return;
    creating.reset();
    revoking.mutate(token.id);
  }

  const error = tokens.error ?? creating.error ?? revoking.error ?? undefined;
  const list = tokens.data;
  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="hint">
        For scripts and MCP clients: send <code>Authorization: Bearer &lt;token&gt;</code>. A token
        acts as you, everywhere.
      </p>
      <form className="inline-form" onSubmit={create}>
        <Field label="Token name" name="name" required maxLength={100} />
        <button type="submit" className="button-primary" disabled={creating.isPending}>
          Create token
        </button>
      </form>
      {created && <NewTokenNotice {...created} onDone={() => setCreated(undefined)} />}
      <ErrorNotice error={error} />
      {list?.length === 0 && <p>No tokens yet.</p>}
      {list && list.length > 0 && (
        <ul className="row-list token-list">
          {list.map((token) => (
            <li key={token.id}>
              <span className="row-name">{token.name}</span>
              <code>{token.prefix}…</code>
              <span className="hint">
                created {formatDateTime(token.createdAt)} ·{' '}
                {token.lastUsedAt ? `last used ${formatDateTime(token.lastUsedAt)}` : 'never used'}
              </span>
              <button
                type="button"
                className="button-danger"
                aria-label={`Revoke ${token.name}`}
                onClick={() => revoke(token)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
