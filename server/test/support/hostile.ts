// Hostile requests for property tests, shaped by the API's own OpenAPI document: each field gets
// a value that fits its schema or one chosen to break things (NUL and control characters, odd
// dates and unicode, huge, negative and non-finite numbers, wrong types, deep nesting, very long
// strings, malformed ids and cursors), so that validation lets the others through and every
// field reaches the code behind it. Bodies also come as broken JSON, multipart and other types.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface Route {
  method: string;
  /** As OpenAPI writes it: /api/tasks/{id} */
  path: string;
  operation: Operation;
}

export interface HostileRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** Every operation of an OpenAPI document. */
export function routesOf(openapi: { paths: Record<string, Record<string, Operation>> }): Route[] {
  return Object.entries(openapi.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const LONG = 'a'.repeat(100_000);

const ODD_DATES = [
  '0000-01-01',
  '0000-12-31',
  '-000001-01-01',
  '+275760-09-13',
  '+275760-09-13T00:00:00.001Z',
  '9999-12-31',
  '10000-01-01',
  '2026-02-30',
  '2026-13-01',
  '0001-01-01',
  '1970-01-01T00:00:00Z',
  '2026-01-01\u0000',
];
const ODD_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1',
  '-0',
  '0x10',
  '1.5',
  '9'.repeat(400),
];
const ODD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '00000000-0000-4000-8000-00000000000\u0000',
  '00000000-0000-4000-8000-0000000000000',
  '1',
  '-1',
  '../../etc/passwd',
  "' or 1=1 --",
];
const ODD_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\u202e',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  '%',
  '\\',
  '"',
  ',',
  ' ',
  'a',
];

/** Cursors that decode to odd dates, wrong types or no JSON at all. */
const oddCursor = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom<unknown>(...ODD_DATES, null, 8.64e15, -8.64e15), fc.double()),
      fc.oneof(fc.uuid(), fc.constantFrom(...ODD_IDS)),
    )
    .map(cursorOf),
  fc.jsonValue().map(cursorOf),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...ODD_CHARACTERS), maxLength: 40 }),
  fc.constantFrom(...ODD_DATES, ...ODD_NUMBERS, ...ODD_IDS, '', LONG, `${LONG}\u0000`),
  oddCursor,
);

const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, -0, 1e308, -1e308, 2 ** 31, 2 ** 63),
);

/** Any JSON, nested a little, with hostile leaves and keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype')),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;

const typeOf = (schema: JsonSchema) =>
  Array.isArray(schema.type) ? schema.type[0] : (schema.type ?? undefined);

/** A value that fits the schema, each part of it sometimes hostile instead. */
export function valueFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  if (!schema) return hostileJson;
  return fc.oneof({ weight: 4, arbitrary: fitting(schema) }, { weight: 1, arbitrary: hostileJson });
}

function fitting(schema: JsonSchema): fc.Arbitrary<unknown> {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((option) => valueFor(option)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (typeOf(schema)) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      return fc.record(
        Object.fromEntries(properties.map(([key, inner]) => [key, valueFor(inner)])),
        { requiredKeys: schema.required ?? [] },
      );
    }
    case 'array':
      return fc.array(valueFor(schema.items), { maxLength: 5 });
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }),
        hostileNumber,
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      return fc.oneof(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.uuid(),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        hostileString,
      );
    default:
      return hostileJson;
  }
}

/** Every byte percent-encoded, so that any string (lone surrogates too) makes a URL. */
const encode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** URL pieces that are not valid percent-encoding or UTF-8, sent as they are. */
const RAW_URL_PIECES = ['%', '%zz', '%FF%FE', '%C0%80', '%ED%A0%80', '%00', '..', '%2F..%2F'];

const pathValue = (schema: JsonSchema | undefined) =>
  fc.oneof(
    fc.uuid(),
    valueFor(schema).map((v) => encode(asText(v) ?? '')),
    fc.constantFrom(...RAW_URL_PIECES),
  );

function queryFor(parameters: Parameter[]): fc.Arbitrary<string> {
  const named = parameters.map((p) =>
    fc.option(
      valueFor(p.schema).map((v) => `${p.name}=${encode(asText(v) ?? '')}`),
      { nil: undefined, freq: 2 },
    ),
  );
  const extra = fc.option(
    fc.oneof(
      fc.tuple(hostileString, hostileString).map(([k, v]) => `${encode(k)}=${encode(v)}`),
      fc.constantFrom(
        ...RAW_URL_PIECES.map((piece) => `q=${piece}`),
        '__proto__[x]=1',
        'constructor[prototype][x]=1',
        'limit=1&limit=2',
        '&&==&',
      ),
    ),
    { nil: undefined },
  );
  return fc
    .tuple(fc.tuple(...named), extra)
    .map(([values, more]) =>
      [...values, more].filter((v): v is string => v !== undefined).join('&'),
    );
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function multipart(boundary: string, name: string, fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

const MULTIPART = 'multipart/form-data';

/** Bodies of every kind: the schema's JSON (or any), broken JSON, multipart, other types. */
function bodyFor(schema: JsonSchema | undefined) {
  const json = (payload: string) => ({ type: 'application/json', payload });
  return fc.oneof(
    { weight: 6, arbitrary: valueFor(schema).map((v) => json(JSON.stringify(v) ?? 'null')) },
    fc.integer({ min: 1, max: 5_000 }).map((depth) => json(nested(depth))),
    fc.constantFrom(
      json(''),
      json('{'),
      json('{"__proto__":{"admin":true}}'),
      json('{"constructor":{"prototype":{"admin":true}}}'),
      json(`"${LONG}"`),
      { type: 'text/plain', payload: 'hello' },
      { type: 'application/x-www-form-urlencoded', payload: 'a=1&b=%00' },
      { type: 'application/octet-stream', payload: '\u0000\u0001' },
      { type: MULTIPART, payload: 'no boundary' },
      { type: `${MULTIPART}; boundary=x`, payload: '--x\r\nContent-Disposition: form-da' },
      {
        type: `${MULTIPART}; boundary=x`,
        payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhi',
      },
    ),
    fc
      .record({
        name: fc.constantFrom('file', 'other', ''),
        fileName: fc.oneof(fc.constantFrom('a.txt', 'a.pdf', ''), hostileString),
        content: fc.uint8Array({ maxLength: 2_000 }),
      })
      .map(({ name, fileName, content }) => ({
        type: `${MULTIPART}; boundary=hostile`,
        payload: multipart('hostile', name, fileName.replaceAll('"', ''), Buffer.from(content)),
      })),
  );
}

const CARRIES_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Requests to one route: its path parameters, query and body, each fitting or hostile. */
export function requestsFor(route: Route): fc.Arbitrary<HostileRequest> {
  const parameters = route.operation.parameters ?? [];
  const pathNames = parameters.filter((p) => p.in === 'path');
  const schema = route.operation.requestBody?.content?.['application/json']?.schema;
  const body = CARRIES_BODY.has(route.method)
    ? fc.option(bodyFor(schema), { nil: undefined, freq: 8 })
    : fc.constant(undefined);
  return fc
    .record({
      path: fc.tuple(...pathNames.map((p) => pathValue(p.schema))),
      query: queryFor(parameters.filter((p) => p.in === 'query')),
      body,
    })
    .map(({ path, query, body }) => {
      let url = route.path;
      pathNames.forEach((p, i) => (url = url.replace(`{${p.name}}`, path[i]!)));
      const headers: Record<string, string> = body ? { 'content-type': body.type } : {};
      return {
        method: route.method,
        url: query ? `${url}?${query}` : url,
        headers,
        payload: body?.payload,
      };
    });
}
