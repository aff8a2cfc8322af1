/**
 * A value read from the database and taken as known for `maxAgeMs`, counted from the moment its
 * read began. From half that age on, the first asker starts the next read and is still answered
 * with the value at hand, which the next read replaces once it is in: under a steady stream of
 * askers no one waits for a read, and no one is answered with a value older than `maxAgeMs`.
 *
 * Why: several such values stand between every request and its answer (the read models' state, the
 * policy catalog, the live generations). Read when they expired, each read held every request
 * arriving meanwhile, and one read slowed by a busy server (a few milliseconds usually, 200 ms at
 * times on two shared cores) held all of them.
 */
export class ReadAhead<T> {
  private current?: Reading<T>;
  private next?: Reading<T>;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    const now = this.now();
    const current = this.current;
    if (current && now - current.at < this.maxAgeMs) {
      if (now - current.at >= this.maxAgeMs / 2 && !this.next) this.readNext(now);
      return current.value;
    }
    // Too old: the next read, if one is under way (it began less than maxAgeMs ago), else a new one.
    const next = this.next;
    if (next && now - next.at < this.maxAgeMs) {
      this.current = next;
      this.next = undefined;
      return next.value;
    }
    return this.readNow(now);
  }

  /**
   * The value {@link get} would answer now without waiting and without starting a read: the
   * current read's, once it is in and while it is within its age; undefined otherwise.
   */
  known(): T | undefined {
    const current = this.current;
    return current?.settled && this.now() - current.at < this.maxAgeMs ? current.settled.value : undefined;
  }

  /**
   * Nothing known any more, not even a read under way (it may have begun before what made the
   * caller forget: an erasure, a position reached): the next asker reads afresh.
   */
  forget(): void {
    this.current = undefined;
    this.next = undefined;
  }

  private readNow(now: number): Promise<T> {
    const reading = this.reading(now);
    this.current = reading;
    this.next = undefined;
    // A failed read is not kept for the next asker.
    reading.value.catch(() => {
      if (this.current === reading) this.current = undefined;
    });
    return reading.value;
  }

  private reading(now: number): Reading<T> {
    const reading: Reading<T> = { at: now, value: this.read() };
    reading.value.then(
      (value) => {
        reading.settled = { value };
      },
      () => undefined,
    );
    return reading;
  }

  private readNext(now: number): void {
    const reading = this.reading(now);
    this.next = reading;
    reading.value.then(
      () => {
        if (this.next !== reading) return;
        this.current = reading;
        this.next = undefined;
      },
      () => {
        if (this.next === reading) this.next = undefined;
      },
    );
  }
}

interface Reading<T> {
  at: number;
  value: Promise<T>;
  /** Its value once in. */
  settled?: { value: T };
}
