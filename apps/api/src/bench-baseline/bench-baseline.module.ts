import { fileURLToPath } from 'node:url';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { CurrentCaller } from '../identity/caller-context.js';
import type { CommandResult } from '../recording/command-recorder.js';
import { SQL_CLIENT } from '../runtime.module.js';

/** The SDL of the benchmark-only mutation, added to the served schema only when BENCH_BASELINE=1. */
export const benchBaselineSchemaPath = fileURLToPath(new URL('./bench-baseline.graphql', import.meta.url));

export class RecordBenchBaseline {
  constructor(readonly caller: Caller) {}
}

/**
 * One INSERT and nothing else: what a mutation costs in this stack (HTTP, token, rate limit, Apollo,
 * the CommandBus, the shared SQL client) without the event store, so a benchmark can tell the
 * command path's own cost from the floor. The table is a scratch table, not part of the schema.
 */
@CommandHandler(RecordBenchBaseline)
export class RecordBenchBaselineHandler implements ICommandHandler<RecordBenchBaseline, CommandResult> {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async execute({ caller }: RecordBenchBaseline): Promise<CommandResult> {
    const { rows } = await this.sql.query<{ id: string }>('INSERT INTO bench_baseline (actor) VALUES ($1) RETURNING id', [caller.subject], {
      preparedAs: 'bench_baseline_insert',
    });
    const id = rows[0]!.id;
    return { streamId: 'bench-baseline', version: 1, positions: [id], id: null };
  }
}

@Injectable()
class BenchBaselineTable implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await this.sql.exec(
      'CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, actor text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())',
    );
  }
}

@Resolver('Mutation')
export class BenchBaselineResolver {
  constructor(private readonly commandBus: CommandBus) {}

  // Authenticated like every mutation (UNAUTHENTICATED without a token); the input is deliberately ignored.
  @Mutation() benchBaseline(@CurrentCaller() caller: Caller, @Args('input') _input: unknown): Promise<CommandResult> {
    return this.commandBus.execute(new RecordBenchBaseline(caller));
  }
}

/** Imported only when the configuration says BENCH_BASELINE=1 (refused in production). */
@Module({ providers: [BenchBaselineTable, RecordBenchBaselineHandler, BenchBaselineResolver] })
export class BenchBaselineModule {}
