/**
 * Runs at most `max` of the given tasks at once, the rest waiting their turn in order:
 * several files upload two at a time rather than all together.
 */
export function createLimiter(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];

  const next = () => {
    running -= 1;
    waiting.shift()?.();
  };

  return function run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        running += 1;
        Promise.resolve().then(task).then(resolve, reject).finally(next);
      };
      if (running < max) start();
      else waiting.push(start);
    });
  };
}
