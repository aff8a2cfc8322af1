import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What one subscription has been sent so far, and how it ended. */
export interface Subscription {
  received: { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] }[];
  receivedAt: number[];
  ended?: { closeCode?: number; error?: unknown } | 'completed';
  stop: () => void;
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
        subscription.received.push(value as Subscription['received'][number]);
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
export async function untilListening(subscription: Subscription, poke: () => Promise<void>): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    await poke();
    const deadline = Date.now() + 300;
    while (subscription.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    if (subscription.received.length > 0) break;
  }
  if (subscription.received.length === 0) throw new Error(`the subscription never started: ${JSON.stringify(subscription.ended)}`);
  await forgetWarmUp(subscription);
}

/** Lets the rest of a warm-up arrive, then forgets what the subscription was sent so far. */
export async function forgetWarmUp(...subscriptions: Subscription[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const subscription of subscriptions) {
    subscription.received.length = 0;
    subscription.receivedAt.length = 0;
  }
}
