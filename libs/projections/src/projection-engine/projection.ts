import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { StoredEvent } from '../../../event-store/src/event-store.port.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';

/** The real names of a generation's tables: base name → `<base>_g<generation>`. */
export type TableNames<Base extends string = string> = Record<Base, string>;

export function tableNamesFor<Base extends string>(bases: readonly Base[], generation: number): TableNames<Base> {
  return Object.fromEntries(bases.map((base) => [base, `${base}_g${generation}`])) as TableNames<Base>;
}

/** What a projection may need besides the events: the policy versions its generation was built under. */
export interface ProjectionContext {
  policyVersions: readonly PolicyVersion[];
}

/**
 * A read model kept up to date from the log. Its tables belong to one generation; applying a batch
 * and moving the generation's checkpoint happen in one transaction.
 */
export interface Projection<Base extends string = string> {
  readonly name: string;
  /** Bump when the code changes what the tables hold: a new generation is built and switched in. */
  readonly codeVersion: number;
  /** Stored values depend on policy rules: a publication builds a new generation. */
  readonly readsPolicy: boolean;
  readonly eventTypes: readonly string[];
  readonly tables: readonly Base[];
  createTables(sql: SqlExecutor, tables: TableNames<Base>): Promise<void>;
  apply(sql: SqlExecutor, events: readonly StoredEvent[], tables: TableNames<Base>, context: ProjectionContext): Promise<void>;
}
