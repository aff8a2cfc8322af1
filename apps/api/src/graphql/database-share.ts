import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { QueryOptions, QueryResult, SqlClient, SqlExecutor } from '../../../../libs/database/src/sql-client.js';

/** Statements one request may have in flight at once: aliases of a query share them. */
export const STATEMENTS_PER_REQUEST = 3;
/** Transactions opened by requests at once, process-wide (as-of views hold one for the whole replay). */
export const REQUEST_TRANSACTIONS = 2;

/** A client that can run a command's own short write transaction outside the turns of request transactions. */
export interface CommandTransactions {
  commandTransaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** A counting semaphore: at most `slots` holders at a time, the others wait in order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(slots: number) {
    this.free = slots;
  }

  async hold<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** A slot, held until the returned function is called. */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    };
  }
}

const requestSlots = new AsyncLocalStorage<Slots>();

/** Express middleware: every request gets its own share of the database for everything it runs. */
export function databaseShare() {
  return (_req: Request, _res: Response, next: NextFunction) => requestSlots.run(new Slots(STATEMENTS_PER_REQUEST), next);
}

/**
 * The service's SQL client as requests see it: a request holds at most a few connections at a time,
 * and request transactions (as-of replays) take turns, so no request can starve the others of the
 * pool. Work outside a request (projections, start-up) is not limited.
 */
export class SharedSqlClient implements SqlClient, CommandTransactions {
  private readonly transactions = new Slots(REQUEST_TRANSACTIONS);

  constructor(private readonly inner: SqlClient) {}

  get backend() {
    return this.inner.backend;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
    const slots = requestSlots.getStore();
    return slots ? slots.hold(() => this.inner.query<Row>(sql, params, options)) : this.inner.query<Row>(sql, params, options);
  }

  exec(script: string): Promise<void> {
    return this.inner.exec(script);
  }

  /** A COPY holds one of the request's slots for as long as it streams. */
  get copyOut(): ((statement: string) => AsyncIterable<Buffer>) | undefined {
    return holdingASlot(this.inner.copyOut?.bind(this.inner));
  }

  get copyOutFrames(): ((statement: string) => AsyncIterable<Buffer[]>) | undefined {
    return holdingASlot(this.inner.copyOutFrames?.bind(this.inner));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const slots = requestSlots.getStore();
    if (!slots) return this.inner.transaction(work);
    return this.transactions.hold(() => slots.hold(() => this.inner.transaction(work)));
  }

  /**
   * A mutation's transaction: one append and the rows that commit with it (the person registry), a
   * few milliseconds. It counts against the request's own share but does not queue for the turns of
   * request transactions: those are as-of replays that hold theirs for seconds, and two of them
   * would otherwise stop every person registration of the process behind them.
   */
  commandTransaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const slots = requestSlots.getStore();
    return slots ? slots.hold(() => this.inner.transaction(work)) : this.inner.transaction(work);
  }

  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.inner.listen(channel, onNotify);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A streaming read that holds one of the calling request's slots from its first chunk to its last. */
function holdingASlot<Chunk>(stream: ((statement: string) => AsyncIterable<Chunk>) | undefined): ((statement: string) => AsyncIterable<Chunk>) | undefined {
  if (!stream) return undefined;
  return async function* held(statement: string) {
    const release = await requestSlots.getStore()?.acquire();
    try {
      yield* stream(statement);
    } finally {
      release?.();
    }
  };
}
