// A `fetch` for clients that speak HTTP to a URL an administrator or a user gave (the MCP
// client's transport): every request is checked as safe-fetch checks a page (http(s) only, no
// credentials, every address the host resolves to public unless the host is allow-listed,
// metadata addresses never) and sent to exactly those addresses. Redirects are not followed:
// they are answered as they are, so that the client's own next request is checked again.
import { Readable } from 'node:stream';
import { Deadline } from './fetch-deadline.js';
import { request, type RequestParts } from './pinned-request.js';
import { validate, type SafeFetchOptions } from './safe-fetch.js';

export interface PinnedFetchOptions extends Pick<
  SafeFetchOptions,
  'allowedHosts' | 'connectTimeoutMs' | 'resolve'
> {
  /** The longest a request may take, its body (a stream of events) included. */
  timeoutMs: number;
  userAgent: string;
}

/** Statuses whose responses have no body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

async function bodyBytes(body: RequestInit['body']): Promise<RequestParts['body']> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export function pinnedFetch(options: PinnedFetchOptions) {
  return async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const deadline = new Deadline(options.timeoutMs, init.signal ?? undefined);
    try {
      const target = await validate(input, options, deadline);
      const headers: Record<string, string> = { 'user-agent': options.userAgent };
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const response = await request(target, deadline, options.connectTimeoutMs ?? 5_000, {
        method: init.method ?? 'GET',
        headers,
        body: await bodyBytes(init.body),
      });
      response.once('close', () => deadline.dispose());
      const status = response.statusCode ?? 502;
      const answer = new Headers();
      for (const [name, value] of Object.entries(response.headers))
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
          answer.append(name, one);
      if (NO_BODY.has(status)) response.resume();
      return new Response(
        NO_BODY.has(status) ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>),
        { status, statusText: response.statusMessage ?? '', headers: answer },
      );
    } catch (error) {
      deadline.dispose();
      throw error;
    }
  };
}
