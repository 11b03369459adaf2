// PGlite's query() sends every statement unnamed, as six protocol messages, each a call into
// WebAssembly: PostgreSQL parses and plans the statement every time it runs. Here a statement is
// prepared once under a name, the first time its text is seen, and every later run is one call
// (bind, describe, execute, sync): the queue's record-and-claim took about 40 % less CPU so
// (docs/performance.md#in-process-jobs). Only the client's own query() is changed: transactions
// (PGlite's transaction(), migrations) and exec() run as PGlite runs them.
import {
  parse,
  protocol,
  type PGlite,
  type QueryOptions,
  type Results,
} from '@electric-sql/pglite';

/** Statements kept prepared per connection; the one used least recently is closed beyond it. */
const MAX_PREPARED = 100;

/** Errors of a statement prepared before the schema changed, or closed meanwhile: prepared again. */
const STALE_STATEMENT = new Set(['0A000', '26000']);

interface Prepared {
  name: string;
  paramTypes: number[];
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

export function prepareStatements(client: PGlite): void {
  const unnamed = client.query.bind(client);
  const prepared = new Map<string, Prepared>();
  let counter = 0;
  const { serialize } = protocol;

  /** Runs protocol messages alone on the connection, as PGlite's own queries are. */
  const exclusive = (messages: Uint8Array[], options?: QueryOptions) =>
    client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(() =>
        client.execProtocol(concat(messages), { onNotice: options?.onNotice }),
      ),
    );

  const close = (name: string) =>
    exclusive([serialize.close({ type: 'S', name }), serialize.sync()]);

  async function prepare(text: string): Promise<Prepared> {
    const name = `docket_${++counter}`;
    const { messages } = await exclusive([
      serialize.parse({ name, text }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    ]);
    // The same text prepared meanwhile by a query that ran beside this one: one name is kept.
    const earlier = prepared.get(text);
    if (earlier) {
      await close(name);
      return earlier;
    }
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    prepared.set(text, statement);
    if (prepared.size > MAX_PREPARED) {
      const [oldText, oldest] = prepared.entries().next().value!;
      prepared.delete(oldText);
      await close(oldest.name);
    }
    return statement;
  }

  async function run<T>(statement: Prepared, params: unknown[], options?: QueryOptions) {
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const type = statement.paramTypes[i]!;
      const serializer = options?.serializers?.[type] ?? client.serializers[type];
      // PGlite's own rule: its type's serializer, else the value's toString().
      return serializer ? serializer(value) : (value as { toString(): string }).toString();
    });
    const { messages } = await exclusive(
      [
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ],
      options,
    );
    return parse.parseResults(messages, client.parsers, options)[0] as Results<T>;
  }

  async function query<T>(text: string, params: unknown[] = [], options?: QueryOptions) {
    // A blob (COPY), explicit parameter types, or a client not open (closing, closed: its own
    // error): PGlite's own way.
    if (options?.blob || options?.paramTypes || !client.ready)
      return unnamed<T>(text, params, options);
    let statement = prepared.get(text);
    try {
      if (statement) {
        // Most recently used last: the first entry is the one to close.
        prepared.delete(text);
        prepared.set(text, statement);
      } else statement = await prepare(text);
      return await run<T>(statement, params, options);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (statement && code && STALE_STATEMENT.has(code)) {
        // Closed here too, or it would stay prepared under a name nothing uses (closing a name
        // that is gone is no error).
        if (prepared.get(text) === statement) prepared.delete(text);
        await close(statement.name);
        return unnamed<T>(text, params, options);
      }
      // As PGlite's own errors say: which statement, with which parameters.
      throw Object.assign(error as Error, { query: text, params, queryOptions: options });
    }
  }

  client.query = query;
}
