// Records every statement a database client runs, with the bytes it sends and returns: tests
// that check how many statements a piece of work costs, or how large they are, on both drivers.
import type { Database } from '../../src/db/client.js';

export interface Statement {
  text: string;
  sent: number;
  received: number;
}

/** Bytes in a statement's parameters or result rows (base64 text counted as the bytes it holds). */
function bytesIn(values: unknown): number {
  if (typeof values === 'string')
    return values.length > 1024 ? Buffer.from(values, 'base64').length : 0;
  if (Buffer.isBuffer(values) || values instanceof Uint8Array) return values.length;
  if (Array.isArray(values)) return values.reduce((sum: number, v) => sum + bytesIn(v), 0);
  if (values && typeof values === 'object') return bytesIn(Object.values(values));
  return 0;
}

type Connected = (error: Error | undefined, connection: Queryable, release: unknown) => void;

interface Queryable {
  query: (...args: unknown[]) => Promise<{ rows?: unknown[] }>;
  transaction?: (work: (tx: Queryable) => Promise<unknown>) => Promise<unknown>;
  connect?: (callback?: Connected) => Promise<Queryable> | undefined;
}

/** Makes `target` record each statement it runs into `statements`, once however often asked. */
function recordQueries(target: Queryable, statements: Statement[], recorded: WeakSet<Queryable>) {
  if (recorded.has(target)) return;
  recorded.add(target);
  const query = target.query.bind(target);
  const record = (args: unknown[], rows: unknown[] = []) => {
    const [first, params] = args;
    statements.push({
      text: typeof first === 'string' ? first : (first as { text: string }).text,
      sent: bytesIn(params),
      received: bytesIn(rows),
    });
  };
  target.query = async (...args) => {
    const callback = args.at(-1);
    // The pg pool's own `query` passes a callback to its connection's.
    if (typeof callback === 'function')
      return query(...args.slice(0, -1), (error: Error, result?: { rows?: unknown[] }) => {
        record(args, result?.rows);
        (callback as (e: Error, r: unknown) => void)(error, result);
      });
    const result = await query(...args);
    record(args, result.rows);
    return result;
  };
}

/**
 * Records every statement the driver runs: PGlite's, in or out of a transaction, or those of
 * each connection the pg pool hands out (its own `query` borrows one too).
 */
export function recordStatements(database: Database): Statement[] {
  const statements: Statement[] = [];
  const recorded = new WeakSet<Queryable>();
  const client = (database.db as unknown as { $client: Queryable }).$client;
  const { transaction, connect } = client;
  if (connect)
    client.connect = (callback) =>
      callback
        ? connect.call(client, (error, connection, release) => {
            if (connection) recordQueries(connection, statements, recorded);
            callback(error, connection, release);
          })
        : connect.call(client)!.then((connection) => {
            recordQueries(connection, statements, recorded);
            return connection;
          });
  else {
    recordQueries(client, statements, recorded);
    client.transaction = (work) =>
      transaction!.call(client, (tx) => {
        recordQueries(tx, statements, recorded);
        return work(tx);
      });
  }
  return statements;
}
