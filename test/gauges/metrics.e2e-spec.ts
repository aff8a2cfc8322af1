import { ServiceUnderTest } from '../service-under-test.js';

// GET /metrics moves with the traffic and the projections; the probes say when to send traffic.

/** The value of one sample of a Prometheus text exposition; 0 when the series is absent. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const shown = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => shown[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('the service’s gauges', () => {
  let service: ServiceUnderTest;
  let admin: string;

  const scrape = async () => {
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
  });

  afterAll(async () => {
    await service.stop();
  });

  it('counts and times operations by name, and refusals by code', async () => {
    const before = await scrape();
    for (let index = 0; index < 3; index += 1) {
      expect((await service.graphql('query ReadPolicy { activePolicy { version } }', {}, admin)).errors).toBeUndefined();
    }
    expect((await service.graphql('query ReadPolicy { activePolicy { version } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await service.graphql('query Nope { branch(id: 1, nonsense: true) { id } }', {}, admin)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const after = await scrape();

    const ok = { operation: 'ReadPolicy', type: 'query', outcome: 'ok' };
    expect(sample(after, 'graphql_operations_total', ok) - sample(before, 'graphql_operations_total', ok)).toBe(3);
    const refused = { operation: 'ReadPolicy', type: 'query', outcome: 'error' };
    expect(sample(after, 'graphql_operations_total', refused) - sample(before, 'graphql_operations_total', refused)).toBe(1);
    const timed = { operation: 'ReadPolicy', type: 'query' };
    expect(sample(after, 'graphql_operation_duration_seconds_count', timed) - sample(before, 'graphql_operation_duration_seconds_count', timed)).toBe(4);
    expect(sample(after, 'graphql_operation_duration_seconds_sum', timed)).toBeGreaterThan(sample(before, 'graphql_operation_duration_seconds_sum', timed));
    for (const code of ['UNAUTHENTICATED', 'BAD_USER_INPUT']) {
      expect(sample(after, 'graphql_refusals_total', { code }) - sample(before, 'graphql_refusals_total', { code })).toBe(1);
    }
    expect(after).not.toContain(admin);
  });

  it('follows appends and the projections that apply them', async () => {
    const before = await scrape();
    const response = await service.graphql(
      'mutation Register($input: RegisterUniversityInput!) { registerUniversity(input: $input) { positions } }',
      { input: { id: '10009', name: '北京师范大学' } },
      admin,
    );
    expect(response.errors).toBeUndefined();
    const position = response.data!.registerUniversity.positions.at(-1) as string;
    const settled = await service.graphql('query ($p: String) { universities(atLeastPosition: $p) { id } }', { p: position }, admin);
    expect(settled.errors).toBeUndefined();
    // Every projection catches up (most ignore a registration, yet their cursors move past it).
    let after = await scrape();
    for (let attempt = 0; attempt < 50 && sample(after, 'projection_lag_events', { projection: 'organization' }) > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await scrape();
    }

    expect(sample(after, 'event_store_appends_total', { origin: 'this_process' })).toBeGreaterThan(sample(before, 'event_store_appends_total', { origin: 'this_process' }));
    expect(sample(after, 'event_store_head_position')).toBeGreaterThanOrEqual(Number(position));
    expect(sample(after, 'event_store_head_position')).toBeGreaterThan(sample(before, 'event_store_head_position'));
    expect(sample(after, 'projection_position', { projection: 'organization' })).toBeGreaterThanOrEqual(Number(position));
    expect(sample(after, 'projection_lag_events', { projection: 'organization' })).toBe(0);
    expect(sample(after, 'projection_state', { projection: 'organization', state: 'LIVE' })).toBe(1);
    expect(sample(after, 'projection_state', { projection: 'organization', state: 'FAILED' })).toBe(0);
    expect(after).toContain('process_resident_memory_bytes');
  });

  it('drops the rebuild progress once a rebuild is done', async () => {
    const rebuild = await service.graphql('mutation { rebuildProjection(name: "organization") { state } }', {}, admin);
    expect(rebuild.errors).toBeUndefined();
    // Done: LIVE again and no progress series left (the series while it runs: below, with no runner).
    let after = await scrape();
    for (let attempt = 0; attempt < 100 && sample(after, 'projection_state', { projection: 'organization', state: 'LIVE' }) !== 1; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await scrape();
    }
    expect(sample(after, 'projection_state', { projection: 'organization', state: 'LIVE' })).toBe(1);
    expect(after).not.toContain('projection_rebuild_progress_ratio{projection="organization"}');
  });

  it('is live and, once the projections have caught up, ready; GET /health answers as before', async () => {
    const live = await fetch(`${service.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    let ready = await fetch(`${service.url}/health/ready`);
    for (let attempt = 0; attempt < 50 && ready.status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await fetch(`${service.url}/health/ready`);
    }
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, projections: { status: 'up', firstCatchUp: 'done' } } });
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: service.database.sql.backend, pendingMigrations: 0 });
  });
});

describe('readiness before the first catch-up', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    // No projections in this process and no worker: the baseline policy's events stay unprojected.
    service = await ServiceUnderTest.start({ projections: 'off' });
  });

  afterAll(async () => {
    await service.stop();
  });

  it('is live but not ready, naming the projections still behind', async () => {
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { error: { projections: { status: string; firstCatchUp: string; behind: string[] } } };
    expect(body.error.projections).toMatchObject({ status: 'down', firstCatchUp: 'running' });
    expect(body.error.projections.behind.length).toBeGreaterThan(0);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/projection_state\{projection="organization",state="CATCHING_UP"\} 1/);
  });

  it('shows a requested rebuild as REBUILDING with its progress until a runner carries it out', async () => {
    const admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
    const rebuild = await service.graphql('mutation { rebuildProjection(name: "organization") { state progress } }', {}, admin);
    expect(rebuild.errors).toBeUndefined();
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(sample(metrics, 'projection_state', { projection: 'organization', state: 'REBUILDING' })).toBe(1);
    expect(sample(metrics, 'projection_state', { projection: 'organization', state: 'CATCHING_UP' })).toBe(0);
    const progress = /^projection_rebuild_progress_ratio\{projection="organization"\} (\S+)$/m.exec(metrics);
    expect(progress).not.toBeNull();
    expect(Number(progress![1])).toBeGreaterThanOrEqual(0);
    expect(Number(progress![1])).toBeLessThan(1);
    expect(Number(progress![1])).toBe(rebuild.data!.rebuildProjection.progress);
  });
});
