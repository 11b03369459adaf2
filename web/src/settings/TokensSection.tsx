import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ApiToken, Collection } from '../api/types';
import { collectionsQuery } from '../collections/queries';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { SelectField } from '../ui/SelectField';
import { tokensQuery, useCreateToken, useRevokeToken } from './queries';
import { NewTokenNotice } from './NewTokenNotice';
import { newTokenFrom, SCOPE_CHOICES, tokenReach, tomorrow } from './tokenForm';

/** Limits a new token to some collections; none ticked: not limited. */
function CollectionChoice({ collections }: { collections: Collection[] | undefined }) {
  if (!collections?.length) return null;
  return (
    <fieldset className="token-collections">
      <legend>Only these collections (optional)</legend>
      <p className="hint">
        Ticked: the token reads documents only through them, your own included. None: all your
        documents.
      </p>
      {collections.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" name="collection" value={c.id} /> {c.name}
        </label>
      ))}
    </fieldset>
  );
}

/** Personal API tokens, for scripts and MCP clients: created, copied once, revoked. */
export function TokensSection() {
  const tokens = useQuery(tokensQuery);
  const creating = useCreateToken();
  const revoking = useRevokeToken();
  const collections = useQuery(collectionsQuery).data;
  const [created, setCreated] = useState<{ name: string; token: string }>();

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    revoking.reset();
    creating.mutate(newTokenFrom(new FormData(form)), {
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
        acts as you: read only, or also making changes; limited to collections or not; until it is
        revoked or until a date.
      </p>
      <form className="token-form" onSubmit={create}>
        <div className="inline-form">
          <Field label="Token name" name="name" required maxLength={100} />
          <SelectField label="Scopes" name="scopes" defaultValue="write" options={SCOPE_CHOICES} />
          <Field
            label="Expires on (optional)"
            name="expires"
            type="date"
            min={tomorrow()}
            hint="It stops working as that day begins."
          />
        </div>
        <CollectionChoice collections={collections} />
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
              <span>{tokenReach(token, collections)}</span>
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
