// Accounts and API calls through the web entry, for the feature journeys (issues 4, 5, 6).
import { randomBytes } from 'node:crypto';
import type { Stack } from './docker.js';

export interface User {
  email: string;
  password: string;
  /** Session cookie from sign-up (or the last sign-in). */
  cookie: string;
  /** An API token, sent as a bearer token by `call`. */
  token: string;
  tokenId: string;
}

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/** A call through the web entry; `auth` is a bearer token, a cookie header, or nothing. */
export async function call<T = unknown>(
  stack: Pick<Stack, 'url'>,
  path: string,
  init: RequestInit & { auth?: { token: string } | { cookie: string }; json?: unknown } = {},
): Promise<Answer<T>> {
  const { auth, json, ...rest } = init;
  const headers: Record<string, string> = {
    origin: stack.url('').replace(/\/$/, ''),
    ...(rest.headers as Record<string, string> | undefined),
  };
  if (auth && 'token' in auth) headers.authorization = `Bearer ${auth.token}`;
  if (auth && 'cookie' in auth) headers.cookie = auth.cookie;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(stack.url(path), {
    signal: AbortSignal.timeout(30_000),
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const text = await response.text();
  let body: T;
  try {
    body = (text ? JSON.parse(text) : undefined) as T;
  } catch {
    throw new Error(
      `${rest.method ?? 'GET'} ${path}: ${response.status}, not JSON: ${text.slice(0, 200)}`,
    );
  }
  return { status: response.status, body, headers: response.headers };
}

/** Signs up a fresh account through the web entry and creates an API token for it. */
export async function signUp(stack: Pick<Stack, 'url'>, name = 'Container suite'): Promise<User> {
  const email = `e2e-${randomBytes(4).toString('hex')}@example.com`;
  const password = randomBytes(12).toString('hex');
  const response = await fetch(stack.url('/api/auth/sign-up/email'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.url('').replace(/\/$/, '') },
    body: JSON.stringify({ email, password, name }),
  });
  if (!response.ok)
    throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  const cookie = cookieOf(response);
  const token = await call<{ id: string; token: string }>(stack, '/api/tokens', {
    method: 'POST',
    auth: { cookie },
    json: { name: 'container suite' },
  });
  if (token.status !== 201 || !token.body.token)
    throw new Error(`creating a token answered ${token.status}: ${JSON.stringify(token.body)}`);
  return { email, password, cookie, token: token.body.token, tokenId: token.body.id };
}

export async function signIn(
  stack: Pick<Stack, 'url'>,
  email: string,
  password: string,
): Promise<{ status: number; cookie: string; setCookie: string[] }> {
  const response = await fetch(stack.url('/api/auth/sign-in/email'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.url('').replace(/\/$/, '') },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return {
    status: response.status,
    cookie: cookieOf(response),
    setCookie: response.headers.getSetCookie(),
  };
}

export interface DocumentView {
  id: string;
  title: string;
  status: 'queued' | 'processing' | 'ready' | 'failed';
  progress: number;
  error: string | null;
  chunkCount: number;
}

export interface SearchResult {
  documentId: string;
  title: string;
  chunkId: string;
  text: string;
  score: number;
  page?: number;
  heading?: string;
}

/** Runs one SQL statement in the postgres container (psql, unaligned, tuples only). */
export async function sql(stack: Stack, statement: string): Promise<string> {
  const { stdout } = await stack.compose([
    'exec',
    '-T',
    'postgres',
    'psql',
    '-U',
    'docket',
    '-d',
    'docket',
    '-v',
    'ON_ERROR_STOP=1',
    '-tAc',
    statement,
  ]);
  return stdout.trim();
}

export interface StreamedEvent {
  event: string;
  data: Record<string, unknown>;
  /** Date.now() when the bytes completing this event arrived. */
  at: number;
}

/** Reads a server-sent event stream as it arrives, recording when each event came in. */
export async function readEvents(response: Response): Promise<StreamedEvent[]> {
  if (!response.body) throw new Error('no response body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const events: StreamedEvent[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    const at = Date.now();
    if (done) break;
    buffer += decoder.decode(value as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n').filter((line) => !line.startsWith(':'));
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (event) events.push({ event, data: JSON.parse(data) as Record<string, unknown>, at });
    }
  }
  return events;
}
