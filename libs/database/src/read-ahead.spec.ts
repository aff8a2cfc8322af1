import { ReadAhead } from './read-ahead.js';

/** A read whose answers the test hands out one by one, on a clock the test moves. */
function harness() {
  let now = 1_000;
  const pending: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const cache = new ReadAhead<string>(
    () => new Promise<string>((resolve, reject) => pending.push({ resolve, reject })),
    100,
    () => now,
  );
  return {
    cache,
    reads: () => pending.length,
    answer: async (index: number, value: string) => {
      pending[index]!.resolve(value);
      await new Promise((resolve) => setImmediate(resolve));
    },
    fail: async (index: number) => {
      pending[index]!.reject(new Error('the server went away'));
      await new Promise((resolve) => setImmediate(resolve));
    },
    at: (ms: number) => {
      now = 1_000 + ms;
    },
  };
}

describe('a value read ahead', () => {
  it('reads once, then answers from what it read while that is less than half its age', async () => {
    const { cache, reads, answer, at } = harness();
    const first = cache.get();
    await answer(0, 'state 1');
    at(49);
    await expect(first).resolves.toBe('state 1');
    await expect(cache.get()).resolves.toBe('state 1');
    expect(reads()).toBe(1);
  });

  it('from half its age on, starts the next read and answers with what it has until that is in', async () => {
    const { cache, reads, answer, at } = harness();
    cache.get();
    await answer(0, 'state 1');
    at(50);
    await expect(cache.get()).resolves.toBe('state 1');
    expect(reads()).toBe(2);
    at(70);
    await expect(cache.get()).resolves.toBe('state 1');
    expect(reads()).toBe(2);
    await answer(1, 'state 2');
    await expect(cache.get()).resolves.toBe('state 2');
    expect(reads()).toBe(2);
  });

  it('never answers with a value older than its age: past it, the asker waits for a read', async () => {
    const { cache, reads, answer, at } = harness();
    cache.get();
    await answer(0, 'state 1');
    at(100);
    const waited = cache.get();
    expect(reads()).toBe(2);
    await answer(1, 'state 2');
    await expect(waited).resolves.toBe('state 2');
  });

  it('past its age, takes the read under way when that began within it', async () => {
    const { cache, reads, answer, at } = harness();
    cache.get();
    await answer(0, 'state 1');
    at(60);
    cache.get();
    at(120);
    const waited = cache.get();
    expect(reads()).toBe(2);
    await answer(1, 'state 2');
    await expect(waited).resolves.toBe('state 2');
  });

  it('knows a value without waiting only once it is in and while it is within its age', async () => {
    const { cache, reads, answer, at } = harness();
    expect(cache.known()).toBeUndefined();
    cache.get();
    expect(cache.known()).toBeUndefined();
    await answer(0, 'state 1');
    at(99);
    expect(cache.known()).toBe('state 1');
    at(100);
    expect(cache.known()).toBeUndefined();
    // Asking what is known starts no read.
    expect(reads()).toBe(1);
    cache.get();
    await answer(1, 'state 2');
    cache.forget();
    expect(cache.known()).toBeUndefined();
  });

  it('forgets what it read and any read under way', async () => {
    const { cache, reads, answer, at } = harness();
    cache.get();
    await answer(0, 'state 1');
    at(60);
    cache.get();
    cache.forget();
    const fresh = cache.get();
    expect(reads()).toBe(3);
    await answer(1, 'began before the forgetting');
    await answer(2, 'state 3');
    await expect(fresh).resolves.toBe('state 3');
    await expect(cache.get()).resolves.toBe('state 3');
  });

  it('keeps no failed read: the next asker reads again, and a failed read ahead leaves the value at hand', async () => {
    const { cache, reads, answer, fail, at } = harness();
    const failed = cache.get();
    failed.catch(() => undefined);
    await fail(0);
    await expect(failed).rejects.toThrow('the server went away');
    cache.get();
    expect(reads()).toBe(2);
    await answer(1, 'state 1');
    at(60);
    cache.get();
    await fail(2);
    await expect(cache.get()).resolves.toBe('state 1');
    expect(reads()).toBe(4);
  });
});
