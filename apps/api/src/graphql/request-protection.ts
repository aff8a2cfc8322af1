import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, parse, visit, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Limits that keep one request from taking the service from everybody else. Each is generous enough
 * for every contract query at its documented maxima (a page of 500 branches with all their fields,
 * 1,000 audit events), and refuses the shapes only an attack sends.
 */
export const REQUEST_LIMITS = {
  depth: 12,
  aliases: 20,
  directives: 20,
  tokens: 20_000,
  cost: 40_000,
  /** Operations in one batched HTTP request (a JSON array). */
  batch: 10,
} as const;

/** What a field costs beyond its children: replays and figures computed per request weigh more. */
const AS_OF_REPLAY_COST = 8_000;
const FIGURE_COST = 50;
const INTEGRITY_COST = 5_000;
const FIGURES = new Set(['rectificationLedger', 'trainingCoverage', 'dualLeaderStats', 'complianceSummary', 'branchCompliance']);

/**
 * Cost of a field: a list asked with `first` costs its children once per item it may return; an
 * `asOf` replay (a transaction rebuilding the read models of a university) costs as much as a
 * page of hundreds of branches.
 */
const contractCosts: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (args.asOf) return AS_OF_REPLAY_COST + childComplexity;
  if (field.name === 'verifyIntegrity') return INTEGRITY_COST + childComplexity;
  if (field.name === 'branchAsOf') return 200 + childComplexity;
  if (FIGURES.has(field.name)) return FIGURE_COST + childComplexity;
  if (typeof args.first === 'number') return 1 + Math.max(0, args.first) * Math.max(1, childComplexity);
  if (field.name === 'branches') return 1 + 50 * Math.max(1, childComplexity);
  if (field.name === 'auditTrail') return 1 + 100 * Math.max(1, childComplexity);
  return undefined;
};

/** graphql's parser stops at this many tokens (the document, not the variables). */
export const PARSE_OPTIONS = { maxTokens: REQUEST_LIMITS.tokens } as const;

/** The limit libraries' validation rules and plugins (depth, aliases, directives). */
export function graphqlLimits(production: boolean): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: REQUEST_LIMITS.depth, ignoreIntrospection: true },
    maxAliases: { n: REQUEST_LIMITS.aliases },
    maxDirectives: { n: REQUEST_LIMITS.directives },
    // Counted by graphql's own parser instead (parseOptions.maxTokens): its refusal is a 400 parse error.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  });
  const { plugins, validationRules } = armor.protect();
  // The library's types come from Apollo's CommonJS build; the plugins are the same objects.
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules };
}

function refusal(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason, http: { status: 400 } } });
}

/** A cost over the limit is refused before anything runs. */
export function costLimitPlugin(): ApolloServerPlugin {
  const pricing = new OperationPricing();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number | undefined;
          try {
            cost = pricing.cost(schema, document, request.variables ?? {}, request.operationName ?? undefined);
          } catch {
            throw refusal('the request is too complex to run', 'COST_LIMIT');
          }
          // Variables that do not fit their types: execution refuses them with the precise reason.
          if (cost === undefined) return;
          if (cost > REQUEST_LIMITS.cost) {
            throw refusal(`the request costs ${cost}, over the limit of ${REQUEST_LIMITS.cost} (ask for fewer items or fewer as-of views)`, 'COST_LIMIT');
          }
        },
      };
    },
  };
}

/** Arguments whose values the cost estimate reads (contractCosts); directives' arguments (@skip, @include) count too. */
const PRICED_ARGUMENTS = new Set(['first', 'asOf']);
const PRICES_KEPT_PER_DOCUMENT = 64;

/**
 * The cost of operations, remembered per parsed document (Apollo hands the same document object
 * back for the same query text) and per value of the variables the cost can depend on: those in a
 * `first` or `asOf` argument or in a directive. Pricing a mutation coerced its whole input a second
 * time (execution coerces it too) and walked the document with a type info: about as much as
 * validating the input itself, on every request. Only costs within the limit are kept, so an
 * operation over it is priced, and refused, every time; a document whose variables do not fit is
 * left to execution either way, as before.
 */
export class OperationPricing {
  private readonly pricedVariables = new WeakMap<DocumentNode, string[]>();
  private readonly known = new WeakMap<DocumentNode, Map<string, number>>();

  /** The cost; undefined when the variables do not fit their types (execution says why). */
  cost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number | undefined {
    const key = this.keyOf(document, variables, operationName);
    const costs = this.known.get(document);
    const known = costs?.get(key);
    if (known !== undefined) return known;
    let cost: number;
    try {
      cost = operationCost(schema, document, variables, operationName);
    } catch (error) {
      if (error instanceof GraphQLError) return undefined;
      throw error;
    }
    if (cost <= REQUEST_LIMITS.cost) {
      const kept = costs && costs.size < PRICES_KEPT_PER_DOCUMENT ? costs : new Map<string, number>();
      kept.set(key, cost);
      this.known.set(document, kept);
    }
    return cost;
  }

  private keyOf(document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): string {
    let names = this.pricedVariables.get(document);
    if (!names) this.pricedVariables.set(document, (names = pricedVariablesOf(document)));
    // JSON text holds no raw U+0001: the parts cannot run into each other; an absent variable (its default) is ''.
    const values = names.map((name) => (Object.hasOwn(variables, name) ? JSON.stringify(variables[name]) : ''));
    return [JSON.stringify(operationName ?? null), ...values].join('\u0001');
  }
}

/** The variables used, at any depth, in the priced arguments of any field and in the arguments of any directive. */
function pricedVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  let pricedDepth = 0;
  visit(document, {
    Directive: {
      enter: () => {
        pricedDepth += 1;
      },
      leave: () => {
        pricedDepth -= 1;
      },
    },
    Argument: {
      enter: (node) => {
        if (PRICED_ARGUMENTS.has(node.name.value)) pricedDepth += 1;
      },
      leave: (node) => {
        if (PRICED_ARGUMENTS.has(node.name.value)) pricedDepth -= 1;
      },
    },
    Variable: (node) => {
      if (pricedDepth > 0) names.add(node.name.value);
    },
  });
  return [...names].sort();
}

export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [contractCosts, simpleEstimator({ defaultComplexity: 1 })],
  });
}

// A lone half of a surrogate pair (a `u` regex sees a well-formed pair as one code point).
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why a string cannot be stored: PostgreSQL text holds no NUL, and a lone surrogate is no Unicode at all. */
export function unstorableCharacter(value: string): string | null {
  if (value.includes('\u0000')) return 'a NUL character';
  if (LONE_SURROGATE.test(value)) return 'a lone UTF-16 surrogate';
  return null;
}

function findUnstorable(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') {
    const problem = unstorableCharacter(value);
    return problem ? `${path} holds ${problem}` : null;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = unstorableCharacter(key);
    if (keyProblem) return `a key of ${path} holds ${keyProblem}`;
    const found = findUnstorable(child, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Every string a request carries — in variables or written inline — must be storable text: a NUL
 * or a lone surrogate is BAD_USER_INPUT before any resolver runs, so nothing is half written.
 */
export function inputHygienePlugin(): ApolloServerPlugin {
  // Per parsed document (Apollo hands the same object back for the same query text): its inline
  // strings never change, and walking the whole document was a visit per request.
  const inlineProblems = new WeakMap<DocumentNode, string | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const inVariables = findUnstorable(request.variables ?? {}, 'variables');
          if (inVariables) throw refusal(`invalid input: ${inVariables}`, 'UNSTORABLE_TEXT');
          let inline = inlineProblems.get(document);
          if (inline === undefined) {
            inline = inlineUnstorable(document);
            inlineProblems.set(document, inline);
          }
          if (inline) throw refusal(`invalid input: a string in the query holds ${inline}`, 'UNSTORABLE_TEXT');
        },
      };
    },
  };
}

/** Why a string written inline in the document cannot be stored, or null. */
function inlineUnstorable(document: DocumentNode): string | null {
  let inline: string | null = null;
  visit(document, {
    [Kind.STRING]: (node) => {
      inline ??= unstorableCharacter(node.value);
    },
  });
  return inline;
}

/**
 * Status codes as the GraphQL-over-HTTP spec asks: a request refused before execution (it does not
 * parse, validate, or fit its variables, or breaks a limit) is a 400 for clients that accept
 * `application/graphql-response+json`, and a 200 with the errors for `application/json` clients,
 * which read errors from the body.
 */
export function statusByMediaTypePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const accept = request.http?.headers.get('accept') ?? '';
      if (accept.includes('application/graphql-response+json')) return;
      return {
        async willSendResponse({ response }) {
          const body = response.body;
          const refusedWhole = body.kind === 'single' && body.singleResult.errors && body.singleResult.data === undefined;
          if (refusedWhole && response.http.status === 400) response.http.status = 200;
        },
      };
    },
  };
}

/**
 * The limits a document must keep wherever it comes from (a subscription over WebSocket as much as
 * a request over HTTP): tokens, depth, aliases, storable text. Null when it keeps them.
 */
export function documentRefusal(query: string, variables: Record<string, unknown> | null | undefined): string | null {
  let document: DocumentNode;
  try {
    document = parse(query, PARSE_OPTIONS);
  } catch (error) {
    return error instanceof GraphQLError ? error.message : 'the document does not parse';
  }
  const inVariables = findUnstorable(variables ?? {}, 'variables');
  if (inVariables) return `invalid input: ${inVariables}`;
  let aliases = 0;
  let depth = 0;
  let deepest = 0;
  let unstorable: string | null = null;
  visit(document, {
    Field: (node) => {
      if (node.alias) aliases += 1;
    },
    SelectionSet: {
      enter: () => {
        depth += 1;
        deepest = Math.max(deepest, depth);
      },
      leave: () => {
        depth -= 1;
      },
    },
    [Kind.STRING]: (node) => {
      unstorable ??= unstorableCharacter(node.value);
    },
  });
  if (unstorable) return `invalid input: a string in the query holds ${unstorable}`;
  if (aliases > REQUEST_LIMITS.aliases) return `more than ${REQUEST_LIMITS.aliases} aliases`;
  if (deepest > REQUEST_LIMITS.depth) return `nested deeper than ${REQUEST_LIMITS.depth} levels`;
  return null;
}
