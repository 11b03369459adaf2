// Writes that arrive while one is running wait for it, then go to the database together in one
// statement (a group commit). On PGlite every statement costs about the same whatever it writes,
// so enqueues made at once by many requests cost one insert instead of one each. An idle
// database writes the first at once: batching adds no wait.

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Returns a function that writes one item, in a batch with those that arrive meanwhile. When
 * a batch fails, its items are written again one by one, so each caller gets its own outcome.
 */
export function batchWrites<T>(writeAll: (items: T[]) => Promise<void>) {
  let waiting: Waiting<T>[] = [];
  let writing = false;

  /** In turn, so that they are written in the order they came. */
  async function writeEach(batch: Waiting<T>[]) {
    for (const w of batch) await writeAll([w.item]).then(w.resolve, w.reject);
  }

  async function drain() {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await writeAll(batch.map((w) => w.item));
        batch.forEach((w) => w.resolve());
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else await writeEach(batch);
      }
    }
    writing = false;
  }

  return (item: T) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
