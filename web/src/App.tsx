import { useEffect, useState } from 'react';

interface Readiness {
  status: 'ready' | 'unavailable';
  checks: Record<string, { ok: boolean; message?: string }>;
}

/** Until the real interface lands: what Docket is and whether its server is ready. */
export function App() {
  const [readiness, setReadiness] = useState<Readiness | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    fetch('/api/health/ready')
      .then(async (response) => setReadiness((await response.json()) as Readiness))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <main>
      <h1>Docket</h1>
      <p>Your documents, your tasks, and an assistant that answers from them with citations.</p>
      <section aria-live="polite" aria-label="Server status">
        {error && <p role="alert">Cannot reach the server: {error}</p>}
        {!error && !readiness && <p>Checking the server…</p>}
        {readiness && (
          <>
            <p data-testid="server-status">Server: {readiness.status}</p>
            <ul>
              {Object.entries(readiness.checks).map(([name, check]) => (
                <li key={name}>
                  {name}: {check.ok ? 'ok' : check.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <p>
        <a href="/api/docs">API documentation</a>
      </p>
    </main>
  );
}
