import { Agent, request } from 'undici';

/** A GraphQL response body as the load generators read it. */
export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * The benchmarks' load generator: undici's `request` on keep-alive connections, a few times lighter
 * than `fetch` (no WHATWG streams, no abort signal and timer per request). The generator shares the
 * two cores with the service and PostgreSQL: what it spends per request is taken from them, and its
 * own lag counts in every open-loop latency (`fetch` lagged its schedule by 68 ms at 400/s). A request
 * not answered within `timeoutMs` fails (undici's header and body timeouts).
 */
export class GraphQLLoadClient {
  private readonly connections: Agent;

  constructor(options: { connections: number; timeoutMs: number }) {
    this.connections = new Agent({
      connections: options.connections,
      keepAliveTimeout: 30_000,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** POSTs the query with the bearer token; the HTTP status and the parsed body. */
  async post(url: string, token: string, query: string, variables: object): Promise<{ status: number; answer: GraphQLAnswer }> {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      dispatcher: this.connections,
    });
    return { status: response.statusCode, answer: (await response.body.json()) as GraphQLAnswer };
  }

  /** A plain GET (the service's /metrics), as text. */
  async text(url: string): Promise<string> {
    const response = await request(url, { dispatcher: this.connections });
    return response.body.text();
  }

  close(): Promise<void> {
    return this.connections.close();
  }
}
