import type { AddressInfo } from 'node:net';
import cliProgress from 'cli-progress';
import { createApp } from '../../../api/src/create-app.js';
import { signToken } from '../../../../libs/identity/src/tokens.js';
import type { Runtime } from '../../../../libs/runtime/src/open-runtime.js';
import type { DemoDataSet, DemoPlannedCommand } from './demo-data-set.js';
import type { Actor } from './organization-plan.js';

/** How often a rate-limited request is sent again before it counts as failed. */
const RATE_LIMIT_RETRIES = 30;

/** The bearer token a planned command is sent with. */
export type TokenSource = (actor: Actor) => Promise<string>;

export interface ApiTarget {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:3000/graphql. */
  url: string;
  tokens: TokenSource;
}

/** Signs one token per actor (its subject becomes the recorded events' actor). */
export function signingTokenSource(secret: string): TokenSource {
  const signed = new Map<string, Promise<string>>();
  return (actor) => {
    let token = signed.get(actor.subject);
    if (!token) {
      token = signToken(
        { subject: actor.subject, role: actor.role, universityId: actor.universityId, unitId: actor.unitId, branchId: actor.branchId, expiresIn: '12h' },
        secret,
      );
      signed.set(actor.subject, token);
    }
    return token;
  };
}

/** A running server reached with one token (it must be allowed everything: a MUNICIPAL_ADMIN token). */
export function fixedTokenSource(token: string): TokenSource {
  return () => Promise.resolve(token);
}

export interface InProcessService {
  target: ApiTarget;
  stop(): Promise<void>;
}

/** The real service (Nest + Apollo) on an ephemeral local port over the given runtime. */
export async function startInProcessService(runtime: Runtime): Promise<InProcessService> {
  const app = await createApp(runtime);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    target: { url: `http://127.0.0.1:${port}/graphql`, tokens: signingTokenSource(runtime.jwtSecret) },
    stop: () => app.close(),
  };
}

export interface MutationCount {
  recorded: number;
  failed: number;
}

export interface MutationFailure {
  mutation: string;
  streamId: string;
  code: string;
  rule?: string;
  message: string;
}

export interface ApiLoadReport {
  byMutation: Map<string, MutationCount>;
  failures: MutationFailure[];
  mutations: number;
  /** HTTP requests sent (a request carries up to `batch` mutations of one stream). */
  requests: number;
  /** Events the mutations recorded (their positions). */
  events: number;
  seconds: number;
  phases: { name: string; mutations: number; seconds: number }[];
}

export interface ApiLoadOptions {
  seed: string;
  /** Requests in flight at once, each on a different stream. */
  concurrency: number;
  /** Mutations per request: consecutive commands of one stream by one actor, as aliased mutation fields. */
  batch: number;
  progress?: boolean;
}

type MutationResult = { streamId: string; version: number; positions: string[]; id: string | null };

interface GraphQLAnswer {
  data?: Record<string, MutationResult | null> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; rule?: string } }[];
}

/** Commands that create their stream: their inputs take no expectedVersion. */
const CREATING = new Set(['RegisterUniversity', 'EstablishBranch', 'HoldTrainingSession', 'RegisterPerson']);

/**
 * Records the data set through the command path: each planned command becomes its GraphQL mutation,
 * sent over HTTP with the token of whoever records it, a deterministic commandId (so a repeated run
 * records nothing twice) and the stream version it expects. A stream's commands are recorded in
 * order, consecutive ones by the same actor up to `batch` per request (GraphQL runs the mutation
 * fields of a request one after the other); `concurrency` streams at a time.
 */
export async function recordThroughApi(dataSet: DemoDataSet, target: ApiTarget, options: ApiLoadOptions): Promise<ApiLoadReport> {
  const versions = new Map<string, number>();
  const commandNumbers = new Map<string, number>();
  const report: ApiLoadReport = { byMutation: new Map(), failures: [], mutations: 0, requests: 0, events: 0, seconds: 0, phases: [] };
  const total = dataSet.phases.reduce((sum, phase) => sum + phase.lanes.reduce((laneSum, lane) => laneSum + lane.length, 0), 0);
  const bar = options.progress
    ? new cliProgress.SingleBar(
        { format: 'demo |{bar}| {percentage}% | {value}/{total} mutations | {phase}', hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0, { phase: '' });
  const started = process.hrtime.bigint();

  const send = async (batch: readonly DemoPlannedCommand[]): Promise<void> => {
    const { streamId, actor } = batch[0]!;
    const base = versions.get(streamId) ?? 0;
    const fields = batch.map((planned, index) => {
      const { command } = planned;
      const mutation = command.type.charAt(0).toLowerCase() + command.type.slice(1);
      const number = (commandNumbers.get(streamId) ?? 0) + 1;
      commandNumbers.set(streamId, number);
      const { today: _today, ...data } = command.data as Record<string, unknown>;
      // Every command records one event: the stream is at base + index when this one is decided.
      const expectedVersion = CREATING.has(command.type) || base + index === 0 ? {} : { expectedVersion: base + index };
      const count = report.byMutation.get(mutation) ?? { recorded: 0, failed: 0 };
      report.byMutation.set(mutation, count);
      return { alias: `m${index}`, mutation, type: command.type, count, input: { ...data, commandId: `demo-${options.seed}-${streamId}-${number}`, ...expectedVersion } };
    });
    report.mutations += fields.length;
    report.requests += 1;
    const fail = (field: (typeof fields)[number], code: string, message: string, rule?: string) => {
      field.count.failed += 1;
      report.failures.push({ mutation: field.mutation, streamId, code, rule, message });
    };
    try {
      const request = async () =>
        fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await target.tokens(actor)}` },
          body: JSON.stringify({
            query: mutationDocument(fields),
            variables: Object.fromEntries(fields.map((field) => [field.alias, field.input])),
          }),
        });
      let response = await request();
      // A server that rate-limits this actor says when to come back; the commandIds make the retry safe.
      for (let retry = 0; response.status === 429 && retry < RATE_LIMIT_RETRIES; retry += 1) {
        const seconds = Number(response.headers.get('retry-after')) || 1;
        await response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        response = await request();
      }
      const answer = (await response.json()) as GraphQLAnswer;
      for (const field of fields) {
        const result = answer.data?.[field.alias];
        if (result) {
          field.count.recorded += 1;
          report.events += result.positions.length;
          versions.set(streamId, result.version);
          continue;
        }
        const error = answer.errors?.find((candidate) => candidate.path?.[0] === field.alias) ?? answer.errors?.find((candidate) => !candidate.path);
        fail(field, error?.extensions?.code ?? `HTTP_${response.status}`, error?.message ?? 'no result', error?.extensions?.rule);
      }
    } catch (error) {
      for (const field of fields) fail(field, 'NETWORK', error instanceof Error ? error.message : String(error));
    } finally {
      bar?.increment(fields.length);
    }
  };

  try {
    for (const phase of dataSet.phases) {
      const phaseStarted = process.hrtime.bigint();
      bar?.update({ phase: phase.name });
      // Longest streams first, so that the last lanes do not run alone.
      const lanes = phase.lanes.filter((lane) => lane.length > 0).sort((a, b) => b.length - a.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.max(1, options.concurrency) }, async () => {
          while (next < lanes.length) {
            const lane = lanes[next++]!;
            for (let start = 0; start < lane.length; ) {
              let end = start + 1;
              while (end < lane.length && end - start < options.batch && lane[end]!.actor.subject === lane[start]!.actor.subject) end += 1;
              await send(lane.slice(start, end));
              start = end;
            }
          }
        }),
      );
      report.phases.push({
        name: phase.name,
        mutations: lanes.reduce((sum, lane) => sum + lane.length, 0),
        seconds: Number(process.hrtime.bigint() - phaseStarted) / 1e9,
      });
    }
  } finally {
    bar?.stop();
  }
  report.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return report;
}

const documents = new Map<string, string>();

/** `mutation Demo($m0: RecordMeetingInput!, …) { m0: recordMeeting(input: $m0) { … } … }`, cached by shape. */
function mutationDocument(fields: readonly { alias: string; mutation: string; type: string }[]): string {
  const key = fields.map((field) => field.type).join(',');
  let document = documents.get(key);
  if (!document) {
    const variables = fields.map((field) => `$${field.alias}: ${field.type}Input!`).join(', ');
    const selections = fields.map((field) => `${field.alias}: ${field.mutation}(input: $${field.alias}) { streamId version positions id }`).join(' ');
    document = `mutation Demo(${variables}) { ${selections} }`;
    documents.set(key, document);
  }
  return document;
}
