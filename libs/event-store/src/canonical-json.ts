import type { JsonValue } from './event-store.port.js';

// In a `u` regex a well-formed surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;
// Most strings need neither escaping nor a surrogate check: quoting them by hand is several times faster.
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * RFC 8785 (JCS) serialization of a JSON value: object members sorted by their names' UTF-16 code
 * units, no whitespace, numbers and strings written as ECMAScript's JSON.stringify writes them.
 * Values that JSON.stringify would drop or convert (undefined, `toJSON`) are treated as it does, so
 * what is hashed is what is stored. The store hashes every event with it; the `canonicalize`
 * package, the reference the tests compare against, is several times slower on payloads like ours.
 */
export function canonicalJson(value: JsonValue): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return canonicalJson((value as unknown as { toJSON(): JsonValue }).toJSON());
      }
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value);
    default:
      throw new TypeError(`a ${typeof value} has no JSON form`);
  }
}

export function canonicalString(text: string): string {
  if (!NEEDS_CARE.test(text)) return `"${text}"`;
  if (LONE_SURROGATE.test(text)) throw new TypeError('a string with a lone surrogate has no canonical JSON form');
  return JSON.stringify(text);
}

function canonicalArray(values: JsonValue[]): string {
  let json = '[';
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) json += ',';
    const element = values[index];
    json += hasNoJsonForm(element) ? 'null' : canonicalJson(element!);
  }
  return `${json}]`;
}

function canonicalObject(object: { [key: string]: JsonValue }): string {
  let json = '{';
  let first = true;
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    if (hasNoJsonForm(member)) continue;
    json += `${first ? '' : ','}${canonicalString(key)}:${canonicalJson(member!)}`;
    first = false;
  }
  return `${json}}`;
}

function hasNoJsonForm(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
