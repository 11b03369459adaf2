// The one way the web app talks to the API: same origin, cookies, JSON errors as ApiError.
// `api` is typed from the generated OpenAPI types (schema.d.ts): path, parameters, body and
// answer; `request` is the untyped call under it, for Better Auth's routes, which the
// document does not describe.
import type { paths } from './schema';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error the API answered with: its status, code and message, and any bad fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

function fieldsOf(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is FieldProblem => typeof d === 'object' && d !== null && 'field' in d && 'message' in d,
  );
}

/** Turns any failed response into an ApiError, whatever its body (nginx may answer HTML). */
export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not JSON: fall back to the status below
  }
  const message =
    body.error?.message ??
    (response.status === 413
      ? 'That is larger than this server accepts'
      : `The server answered ${response.status} ${response.statusText}`.trim());
  return new ApiError(
    response.status,
    body.error?.code ?? `HTTP_${response.status}`,
    message,
    fieldsOf(body.error?.details),
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** Sends a request; resolves with the parsed JSON (undefined for 204), or throws ApiError. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server: check your connection');
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** What to show for any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** An operation the document describes: `paths[P][M]` where it is defined. */
type Operation<P extends keyof paths, M extends Method> = Exclude<paths[P][M], undefined>;

/** The paths that answer `M`. */
export type PathWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends undefined ? never : P;
}[keyof paths];

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : undefined;
type Success<R> = R[Extract<keyof R, 200 | 201 | 202 | 204>];

/** What the operation answers when it succeeds (undefined when it has no body). */
export type ResponseOf<P extends PathWith<M>, M extends Method> = Json<
  Success<Operation<P, M>['responses']>
>;

/** The JSON body the operation takes. */
export type BodyOf<P extends PathWith<M>, M extends Method> = Json<
  NonNullable<Operation<P, M>['requestBody']>
>;

/** Its query string's parameters. */
export type QueryOf<P extends PathWith<M>, M extends Method> = NonNullable<
  Operation<P, M>['parameters']['query']
>;

type PathParams<P extends PathWith<M>, M extends Method> = Operation<P, M>['parameters']['path'];

/** Only the parts an operation has: `params` for `{id}` in the path, `query`, `body`. */
export type ApiOptions<P extends PathWith<M>, M extends Method> = {
  signal?: AbortSignal;
} & (PathParams<P, M> extends Record<string, string> ? { params: PathParams<P, M> } : unknown) &
  ([QueryOf<P, M>] extends [never] ? unknown : { query?: QueryOf<P, M> }) &
  ([BodyOf<P, M>] extends [undefined] ? unknown : { body: BodyOf<P, M> });

/** The path with its `{name}` parameters filled in, and the query string (empty values left out). */
export function urlOf(
  path: string,
  params: Record<string, string> = {},
  query: Record<string, string | number | boolean | undefined | null> = {},
): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}

/** Calls an operation of the API, typed from its OpenAPI description; throws ApiError. */
export function api<M extends Method, P extends PathWith<M>>(
  method: M,
  path: P,
  ...[options]: object extends ApiOptions<P, M>
    ? [options?: ApiOptions<P, M>]
    : [options: ApiOptions<P, M>]
): Promise<ResponseOf<P, M>> {
  const { params, query, body, signal } = (options ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, string | number | boolean | undefined>;
    body?: unknown;
    signal?: AbortSignal;
  };
  return request<ResponseOf<P, M>>(urlOf(path, params, query), {
    method: method.toUpperCase() as RequestOptions['method'],
    body,
    signal,
  });
}

/** A page of a cursor-paginated list, as every list route answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
