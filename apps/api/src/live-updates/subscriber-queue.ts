/**
 * What one subscription is sent, as the async iterator graphql-js subscriptions consume: values
 * pushed by the feed wait here until the socket takes them. A subscriber that falls this far behind
 * is ended rather than allowed to hold memory without bound.
 */
export class SubscriberQueue<Value> implements AsyncIterableIterator<Value> {
  static readonly MAX_BACKLOG = 1000;
  private readonly backlog: Value[] = [];
  private waiting?: (result: IteratorResult<Value>) => void;
  private ended = false;

  constructor(private readonly onEnd: () => void) {}

  push(value: Value): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return;
    }
    this.backlog.push(value);
    if (this.backlog.length > SubscriberQueue.MAX_BACKLOG) void this.return();
  }

  next(): Promise<IteratorResult<Value>> {
    const value = this.backlog.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<Value>> {
    if (!this.ended) {
      this.ended = true;
      this.backlog.length = 0;
      this.onEnd();
      this.waiting?.({ value: undefined, done: true });
      this.waiting = undefined;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<Value>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
