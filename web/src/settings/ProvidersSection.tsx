import type { Settings } from '../api/types';
import { formatBytes } from '../ui/format';

/** What chat and embeddings use here: set by the server's environment, not from this page. */
export function ProvidersSection({ settings }: { settings: Settings }) {
  const { chat, embeddings } = settings;
  return (
    <section className="card" aria-labelledby="providers-heading">
      <h2 id="providers-heading">Assistant and search</h2>
      <h3>Chat</h3>
      {chat.provider === 'offline' ? (
        <p>
          No language model is configured: answers quote the best passages from your documents, with
          citations. An administrator sets <code>CHAT_PROVIDER=openai</code>,{' '}
          <code>CHAT_BASE_URL</code> and <code>CHAT_MODEL</code> to use any OpenAI-compatible model.
        </p>
      ) : (
        <dl>
          <dt>Model</dt>
          <dd>{chat.model}</dd>
          <dt>Endpoint</dt>
          <dd>{chat.endpoint}</dd>
          <dt>Steps per answer</dt>
          <dd>at most {chat.maxSteps}</dd>
        </dl>
      )}
      <h3>Embeddings</h3>
      <dl>
        <dt>Provider</dt>
        <dd>
          {embeddings.provider === 'offline'
            ? 'Offline: lexical hashing, no model, no network'
            : 'OpenAI-compatible endpoint'}
        </dd>
        <dt>Model</dt>
        <dd>
          {embeddings.model} ({embeddings.dimensions} dimensions)
        </dd>
        {embeddings.endpoint && (
          <>
            <dt>Endpoint</dt>
            <dd>{embeddings.endpoint}</dd>
          </>
        )}
      </dl>
      <h3>Uploads</h3>
      <p>Files up to {formatBytes(settings.uploadMaxBytes)}.</p>
      <p className="hint">Docket {settings.version}</p>
    </section>
  );
}
