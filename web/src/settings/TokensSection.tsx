import { useEffect, useState, type FormEvent } from 'react';
import type { ApiToken } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { createToken, listTokens, revokeToken } from './api';
import { NewTokenNotice } from './NewTokenNotice';

/** Personal API tokens, for scripts and MCP clients: created, copied once, revoked. */
export function TokensSection() {
  const [tokens, setTokens] = useState<ApiToken[]>();
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    listTokens().then(setTokens, setError);
  }, []);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = new FormData(form).get('name');
    setBusy(true);
    setError(undefined);
    try {
      const token = await createToken(typeof name === 'string' ? name : '');
      setCreated({ name: token.name, token: token.token });
      setTokens((list) => [token, ...(list ?? [])]);
      form.reset();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: ApiToken) {
    if (!window.confirm(`Revoke “${token.name}”? Anything using it stops working at once.`)) return;
    setError(undefined);
    try {
      await revokeToken(token.id);
      setTokens((list) => list?.filter((t) => t.id !== token.id));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="hint">
        For scripts and MCP clients: send <code>Authorization: Bearer &lt;token&gt;</code>. A token
        acts as you, everywhere.
      </p>
      <form className="token-form" onSubmit={(e) => void create(e)}>
        <Field label="Token name" name="name" required maxLength={100} />
        <button type="submit" className="button-primary" disabled={busy}>
          Create token
        </button>
      </form>
      {created && <NewTokenNotice {...created} onDone={() => setCreated(undefined)} />}
      <ErrorNotice error={error} />
      {tokens?.length === 0 && <p>No tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <ul className="token-list">
          {tokens.map((token) => (
            <li key={token.id}>
              <span className="token-name">{token.name}</span>
              <code>{token.prefix}…</code>
              <span className="hint">
                created {formatDateTime(token.createdAt)} ·{' '}
                {token.lastUsedAt ? `last used ${formatDateTime(token.lastUsedAt)}` : 'never used'}
              </span>
              <button
                type="button"
                className="button-danger"
                aria-label={`Revoke ${token.name}`}
                onClick={() => void revoke(token)}
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
