import type { INestApplication } from '@nestjs/common';
import { createApp, type AppOptions } from '../apps/api/src/create-app.js';
import type { Configuration } from '../libs/configuration/src/configuration.js';
import type { SqlClient } from '../libs/database/src/sql-client.js';
import { signToken, type TokenRequest } from '../libs/identity/src/tokens.js';
import { createThrowawayDatabase, preferredBackend, type ThrowawayDatabase } from '../libs/database/src/throwaway-database.js';
import { PostgresEventStore } from '../libs/event-store/src/postgres-event-store.js';
import { seedBaselinePolicy } from '../libs/runtime/src/baseline-policy-seed.js';
import type { Runtime } from '../libs/runtime/src/open-runtime.js';

export const TEST_JWT_SECRET = 'end-to-end-test-secret-0123456789';

export interface GraphQLResponse<Data = Record<string, any>> {
  status: number;
  data?: Data;
  errors?: { message: string; extensions?: { code?: string; rule?: string; [key: string]: unknown } }[];
}

/** The real Nest app over HTTP on a fresh database (PostgreSQL with DATABASE_URL, else PGlite). */
export class ServiceUnderTest {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly database: ThrowawayDatabase,
    readonly runtime: Runtime,
  ) {}

  /**
   * `observe` wraps the SQL client everything in the service runs on (its queries and its event
   * store), e.g. to count the statements a request costs; `database.sql` stays the plain one.
   */
  static async start(
    overrides: Partial<Configuration> = {},
    options: AppOptions = {},
    observe: (sql: SqlClient) => SqlClient = (sql) => sql,
  ): Promise<ServiceUnderTest> {
    const database = await createThrowawayDatabase(preferredBackend());
    const sql = observe(database.sql);
    const configuration: Configuration = {
      databaseUrl: database.url,
      dataDir: './data-test-unused',
      port: 0,
      jwtSecret: TEST_JWT_SECRET,
      logLevel: 'silent',
      projections: 'on',
      ...overrides,
    };
    const eventStore = new PostgresEventStore(sql);
    await seedBaselinePolicy(eventStore);
    const runtime: Runtime = {
      configuration,
      sql,
      eventStore,
      jwtSecret: TEST_JWT_SECRET,
      jwtSecretGenerated: false,
      close: async () => {
        await eventStore.close();
      },
    };
    const app = await createApp(runtime, options);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    return new ServiceUnderTest(app, `http://127.0.0.1:${address.port}`, database, runtime);
  }

  token(request: Partial<TokenRequest> & Pick<TokenRequest, 'role'>): Promise<string> {
    return signToken({ subject: `test-${request.role.toLowerCase()}`, ...request }, TEST_JWT_SECRET);
  }

  async graphql<Data = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphQLResponse<Data>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<Data>, 'status'>;
    return { status: response.status, ...body };
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.database.drop();
  }
}
