// A fake of the API for the page tests: `fetch` answered from a table of routes, each call
// recorded. The real server is covered by the server tests and the browser journey.
import { vi } from 'vitest';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  params: Record<string, string>;
  signal?: AbortSignal;
}

/** `GET /api/documents/:id` → what to answer. */
export type Routes = Record<string, (call: Call) => Response | Promise<Response>>;

export const json = (body: unknown, status = 200) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

export const apiError = (status: number, code: string, message: string) =>
  json({ error: { code, message } }, status);

/** A text/event-stream answer that the test writes to as it goes, and that aborts with the request. */
export function eventStream(signal?: AbortSignal) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  signal?.addEventListener('abort', () =>
    controller.error(new DOMException('The request was aborted', 'AbortError')),
  );
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    event: (event: string, data: object) =>
      controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
    end: () => controller.close(),
  };
}

function match(pattern: string, method: string, path: string): Record<string, string> | null {
  const [routeMethod, routePath] = pattern.split(' ');
  if (routeMethod !== method || !routePath) return null;
  const names: string[] = [];
  const source = routePath.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const found = new RegExp(`^${source}$`).exec(path);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
}

/** Replaces `fetch` for this test; a request no route answers fails the test's page with a 599. */
export function fakeApi(routes: Routes) {
  const calls: Call[] = [];
  const unanswered: string[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://docket.test');
    const method = init.method ?? 'GET';
    const text = typeof init.body === 'string' ? init.body : undefined;
    for (const [pattern, answer] of Object.entries(routes)) {
      const params = match(pattern, method, url.pathname);
      if (!params) continue;
      const call: Call = {
        method,
        path: url.pathname,
        query: url.searchParams,
        body: text === undefined ? undefined : JSON.parse(text),
        params,
        signal: init.signal ?? undefined,
      };
      calls.push(call);
      return answer(call);
    }
    unanswered.push(`${method} ${url.pathname}`);
    return apiError(599, 'UNANSWERED', `the fake API has no route for ${method} ${url.pathname}`);
  });
  return {
    calls,
    unanswered,
    /** The calls made to `pattern` (as written in the routes). */
    callsTo: (pattern: string) =>
      calls.filter((call) => match(pattern, call.method, call.path) !== null),
  };
}
