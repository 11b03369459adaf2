import { describe, expect, it } from 'vitest';
import { createLimiter } from './limit';

/** A task that finishes when told to, recording when it starts. */
function controlled(started: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const task = () => {
    started.push(name);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { task, finish: () => finish(name), fail: (e: Error) => fail(e) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLimiter', () => {
  it('runs at most the given number at once, the rest in order as others finish', async () => {
    const run = createLimiter(2);
    const started: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => controlled(started, name));
    const results = [a!, b!, c!, d!].map((t) => run(t.task));
    await settle();
    expect(started).toEqual(['a', 'b']);

    b!.finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);

    a!.finish();
    c!.finish();
    await settle();
    d!.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('passes a failure on and still starts the next task', async () => {
    const run = createLimiter(1);
    const started: string[] = [];
    const a = controlled(started, 'a');
    const b = controlled(started, 'b');
    const first = run(a.task);
    const second = run(b.task);
    await settle();
    a.fail(new Error('refused'));
    await expect(first).rejects.toThrow('refused');
    await settle();
    expect(started).toEqual(['a', 'b']);
    b.finish();
    await expect(second).resolves.toBe('b');
  });

  it('treats a task that throws at once like one that fails', async () => {
    const run = createLimiter(1);
    const failing = run(() => {
      throw new Error('at once');
    });
    await expect(failing).rejects.toThrow('at once');
    await expect(run(async () => 'next')).resolves.toBe('next');
  });
});
