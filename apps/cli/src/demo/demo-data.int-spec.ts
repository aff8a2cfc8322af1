import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { createThrowawayDatabase, preferredBackend, type ThrowawayDatabase } from '../../../../libs/database/src/throwaway-database.js';
import { BRANCH_EVENT_TYPES } from '../../../../libs/domain/src/branch/branch-events.js';
import { PERSON_EVENT_TYPES } from '../../../../libs/domain/src/person/person-events.js';
import { TRAINING_SESSION_EVENT_TYPES } from '../../../../libs/domain/src/training-session/training-session-events.js';
import { UNIVERSITY_EVENT_TYPES } from '../../../../libs/domain/src/university/university-events.js';
import { PostgresEventStore } from '../../../../libs/event-store/src/postgres-event-store.js';
import { seedBaselinePolicy } from '../../../../libs/runtime/src/baseline-policy-seed.js';
import type { Runtime } from '../../../../libs/runtime/src/open-runtime.js';
import { recordThroughApi, startInProcessService, type ApiLoadReport, type InProcessService } from './api-loader.js';
import { demoDataSet } from './demo-data-set.js';
import { demoOrganizationPlan } from './organization-plan.js';

/** Every event type of the domain: the default demo tells every story once at least. */
const EXPECTED_EVENT_TYPES = [
  ...UNIVERSITY_EVENT_TYPES,
  ...BRANCH_EVENT_TYPES,
  ...TRAINING_SESSION_EVENT_TYPES,
  ...PERSON_EVENT_TYPES,
  'PolicyVersionPublished',
].sort();

describe('the default demo data set, recorded through the GraphQL mutations', () => {
  let database: ThrowawayDatabase;
  let service: InProcessService;
  let report: ApiLoadReport;

  beforeAll(async () => {
    database = await createThrowawayDatabase(preferredBackend());
    const eventStore = new PostgresEventStore(database.sql);
    await seedBaselinePolicy(eventStore);
    const runtime: Runtime = {
      configuration: { databaseUrl: database.url, dataDir: './data-test-unused', port: 0, jwtSecret: 'demo-data-test-secret-0123456789', logLevel: 'silent', projections: 'off' },
      sql: database.sql,
      eventStore,
      jwtSecret: 'demo-data-test-secret-0123456789',
      jwtSecretGenerated: false,
      close: () => eventStore.close(),
    };
    service = await startInProcessService(runtime);
    const dataSet = demoDataSet(demoOrganizationPlan('2018'), shanghaiToday());
    report = await recordThroughApi(dataSet, service.target, { seed: '2018', concurrency: 8, batch: 10 });
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  it('has every mutation accepted', () => {
    expect(report.failures.slice(0, 5)).toEqual([]);
    expect(report.mutations).toBeGreaterThan(10_000);
    expect(report.events).toBe(report.mutations);
  });

  it('records every event type of the domain', async () => {
    const { rows } = await database.sql.query<{ type: string }>('SELECT DISTINCT type FROM events ORDER BY type');
    expect(rows.map((row) => row.type).sort()).toEqual(EXPECTED_EVENT_TYPES);
  });

  it('stores what the mutations recorded, plus the seeded policy', async () => {
    const { rows } = await database.sql.query<{ count: string }>('SELECT count(*) AS count FROM events');
    expect(Number(rows[0]!.count)).toBe(report.events + 1);
  });

  it('keeps every name in the person registry, none in the events', async () => {
    const { rows } = await database.sql.query<{ registered: string; named: string }>(
      `SELECT (SELECT count(*) FROM person_registry) AS registered,
              (SELECT count(*) FROM events WHERE type = 'PersonRegistered' AND data ? 'name') AS named`,
    );
    expect(Number(rows[0]!.registered)).toBe(report.byMutation.get('registerPerson')?.recorded);
    expect(Number(rows[0]!.named)).toBe(0);
  });
});
