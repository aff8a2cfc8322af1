import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What one subscription has been sent so far, and how it ended. */
export interface Subscription {
  received: { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] }[];
  receivedAt: number[];
  ended?: { closeCode?: number; error?: unknown } | 'completed';
  stop: () => void;
  /** Messages about positions up to this one (the warm-up's) are dropped, however late they come. */
  fence?: bigint;
}

/** The global position a subscription message is about (eventRecorded and figuresChanged both carry one). */
function positionOf(value: Subscription['received'][number]): bigint | undefined {
  const payload = Object.values(value.data ?? {})[0] as { position?: unknown } | undefined;
  return typeof payload?.position === 'string' ? BigInt(payload.position) : undefined;
}

/** A graphql-ws client on the service's /graphql, authenticated at connection time (or not at all). */
export function subscriptionClient(httpUrl: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

export function bearer(token: string): Record<string, unknown> {
  return { authorization: `Bearer ${token}` };
}

export function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription {
  const subscription: Subscription = { received: [], receivedAt: [], stop: () => undefined };
  subscription.stop = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        const message = value as Subscription['received'][number];
        const position = positionOf(message);
        if (subscription.fence !== undefined && position !== undefined && position <= subscription.fence) return;
        subscription.received.push(message);
        subscription.receivedAt.push(Date.now());
      },
      error: (error) => {
        const closeCode = (error as { code?: unknown }).code;
        subscription.ended = { closeCode: typeof closeCode === 'number' ? closeCode : undefined, error };
      },
      complete: () => {
        subscription.ended ??= 'completed';
      },
    },
  );
  return subscription;
}

export async function eventually(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Pokes (records something) until the subscription receives a first message, so that a test
 * starts once the server holds the subscription; then forgets what the warm-up brought.
 */
export async function untilListening(subscription: Subscription, poke: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    await poke();
    const deadline = Date.now() + 300;
    while (subscription.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    if (subscription.received.length > 0) break;
  }
  if (subscription.received.length === 0) throw new Error(`the subscription never started: ${JSON.stringify(subscription.ended)}`);
}

/**
 * Forgets what the subscriptions were sent so far, and drops from now on any message about an event
 * recorded up to `fence` (the head once the warm-up is over): a warm-up message that comes late
 * under load is not taken for the test's.
 */
export async function forgetWarmUp(fence: bigint, ...subscriptions: Subscription[]): Promise<void> {
  for (const subscription of subscriptions) {
    subscription.fence = fence;
    subscription.received.length = 0;
    subscription.receivedAt.length = 0;
  }
}
