import { plainToInstance } from 'class-transformer';
import {
  getMetadataStorage,
  registerDecorator,
  validateSync,
  type ValidationArguments,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { badInput } from '../graphql/api-error.js';

/**
 * class-validator finds a class's rules anew on every call, and every nested object's: it filters the
 * rules of every decorated class of the process (an `instanceof` per class, 40-odd here), then
 * groups them by property, which cost as much as checking a meeting's input itself. The rules are
 * fixed once the classes are loaded, so each lookup is remembered; a rule registered later (a class
 * loaded after the first validation) forgets every remembered lookup, so no rule is ever missed.
 */
function rememberRuleLookups(): void {
  type Storage = ReturnType<typeof getMetadataStorage>;
  type Lookup = Storage['getTargetValidationMetadatas'];
  const storage = getMetadataStorage() as Storage & { rememberingRuleLookups?: true };
  if (storage.rememberingRuleLookups) return;
  storage.rememberingRuleLookups = true;
  let remembered = new Map<unknown, Map<string, ReturnType<Lookup>>>();
  let grouped = new WeakMap<object, ReturnType<Storage['groupByPropertyName']>>();
  const forget = () => {
    remembered = new Map();
    grouped = new WeakMap();
  };
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const addValidation = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    forget();
    addValidation(metadata);
  };
  storage.addConstraintMetadata = (metadata) => {
    forget();
    addConstraint(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // Validation groups are not used here: such lookups are left as they are. A nested object is
    // looked up with its parent rule's class name as the schema, so that is part of the key.
    if (groups && groups.length > 0) return lookUp(target, schema, always, strictGroups, groups);
    let byOptions = remembered.get(target);
    if (!byOptions) remembered.set(target, (byOptions = new Map()));
    const options = `${always}|${strictGroups}|${JSON.stringify(schema ?? null)}`;
    let found = byOptions.get(options);
    if (!found) byOptions.set(options, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
  // Grouped once per remembered lookup (the validator only reads the groups).
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = group(metadata)));
    return found;
  };
}
rememberRuleLookups();

/** The deepest input of the contract (a policy rule's params inside the rule list) nests 7 levels. */
const MAX_INPUT_DEPTH = 16;

/**
 * Checks a mutation's input against its class-validator class; BAD_USER_INPUT naming every field
 * at fault (GraphQL itself has already checked types, non-null and enum values).
 */
export function validInput<T extends object>(shape: new () => T, input: unknown): T {
  // JSON values (policy params) may nest without limit; class-transformer copies them recursively.
  if (!jsonDepthWithin(input, MAX_INPUT_DEPTH)) throw badInput(`invalid input: nests deeper than ${MAX_INPUT_DEPTH} levels`);
  const instance = plainToInstance(shape, input ?? {});
  const errors = validateSync(instance, { forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) => describe(error, ''));
    throw badInput(`invalid input: ${problems.join('; ')}`, { fields: problems.map((problem) => problem.split(':')[0]) });
  }
  return instance;
}

function describe(error: ValidationError, prefix: string): string[] {
  const path = prefix ? `${prefix}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
  const nested = (error.children ?? []).flatMap((child) => describe(child, path));
  return [...own, ...nested];
}

/** The decorated number is at most the sibling `property` (e.g. present <= expected). */
export function NotMoreThan(property: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'notMoreThan',
      target: target.constructor,
      propertyName,
      constraints: [property],
      options: { message: `must not be more than ${property}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[args.constraints[0] as string];
          return typeof value !== 'number' || typeof other !== 'number' || value <= other;
        },
      },
    });
  };
}

/** The decorated date is on or after the sibling `property` (e.g. endsOn >= startsOn). */
export function NotBefore(property: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'notBefore',
      target: target.constructor,
      propertyName,
      constraints: [property],
      options: { message: `must not be before ${property}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[args.constraints[0] as string];
          return typeof value !== 'string' || typeof other !== 'string' || value >= other;
        },
      },
    });
  };
}

/** A JSON value nested at most `maxDepth` levels (policy params are flat objects). */
export function MaxJsonDepth(maxDepth: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'maxJsonDepth',
      target: target.constructor,
      propertyName,
      constraints: [maxDepth],
      options: { message: `must not nest deeper than ${maxDepth} levels`, ...options },
      validator: {
        validate(value: unknown) {
          return jsonDepthWithin(value, maxDepth);
        },
      },
    });
  };
}

function jsonDepthWithin(value: unknown, remaining: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (remaining <= 0) return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.every((child) => jsonDepthWithin(child, remaining - 1));
}
