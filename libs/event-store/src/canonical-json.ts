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

/**
 * The RFC 8785 text of a payload from PostgreSQL's text form of its jsonb (`data::text`): the same
 * text as `canonicalJson(JSON.parse(text))`, without building the objects. jsonb prints strings as
 * JSON.stringify does (the same escapes, other characters as they are), so a string is copied as
 * it stands; members come out ordered by length first and are sorted again by UTF-16 code units;
 * numbers never print with an exponent there, so those that are not plain short integers go
 * through `Number` as JSON.parse would take them. Text with any backslash (an escaped character,
 * perhaps in a member name, which then sorts by what it unescapes to) takes the parsing path.
 */
export function canonicalJsonOfJsonbText(text: string): string {
  if (text.indexOf('\\') !== -1) return canonicalJson(JSON.parse(text) as JsonValue);
  const reader = new JsonbTextReader(text);
  const json = reader.value();
  reader.end();
  return json;
}

const SHORT_INTEGER = /^-?(?:0|[1-9]\d{0,14})$/;

class JsonbTextReader {
  private at = 0;

  constructor(private readonly text: string) {}

  end(): void {
    this.space();
    if (this.at !== this.text.length) this.fail();
  }

  value(): string {
    this.space();
    const text = this.text;
    const code = text.charCodeAt(this.at);
    switch (code) {
      case 0x7b /* { */:
        return this.object();
      case 0x5b /* [ */:
        return this.array();
      case 0x22 /* " */: {
        const end = this.stringEnd();
        const json = text.slice(this.at, end);
        this.at = end;
        return json;
      }
      case 0x74 /* t */:
        return this.literal('true');
      case 0x66 /* f */:
        return this.literal('false');
      case 0x6e /* n */:
        return this.literal('null');
      default: {
        let end = this.at;
        for (;;) {
          const c = text.charCodeAt(end);
          // digits, '-', '+', '.', 'e', 'E'
          if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) end += 1;
          else break;
        }
        if (end === this.at) this.fail();
        const token = text.slice(this.at, end);
        this.at = end;
        if (SHORT_INTEGER.test(token) && token !== '-0') return token;
        const number = Number(token);
        if (!Number.isFinite(number)) this.fail();
        return JSON.stringify(number);
      }
    }
  }

  private object(): string {
    this.at += 1;
    this.space();
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at += 1;
      return '{}';
    }
    // Names and members side by side, kept sorted as they come (insertion: a payload's objects
    // have a handful of members), so no array of indices or comparator closure per object.
    const names: string[] = [];
    const members: string[] = [];
    for (;;) {
      this.space();
      if (this.text.charCodeAt(this.at) !== 0x22) this.fail();
      const end = this.stringEnd();
      const name = this.text.slice(this.at + 1, end - 1);
      this.at = end;
      this.space();
      if (this.text.charCodeAt(this.at) !== 0x3a /* : */) this.fail();
      this.at += 1;
      const member = `"${name}":${this.value()}`;
      let index = names.length;
      names.push(name);
      members.push(member);
      while (index > 0 && names[index - 1]! > name) {
        names[index] = names[index - 1]!;
        members[index] = members[index - 1]!;
        index -= 1;
      }
      names[index] = name;
      members[index] = member;
      if (this.separator(0x7d)) break;
    }
    let json = '{';
    for (let index = 0; index < members.length; index += 1) json += index === 0 ? members[index] : `,${members[index]}`;
    return `${json}}`;
  }

  private array(): string {
    this.at += 1;
    this.space();
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at += 1;
      return '[]';
    }
    let json = '[';
    for (let first = true; ; first = false) {
      json += first ? this.value() : `,${this.value()}`;
      if (this.separator(0x5d)) break;
    }
    return `${json}]`;
  }

  /** After a member or element: true at the closing bracket, false after a comma. */
  private separator(closing: number): boolean {
    this.space();
    const code = this.text.charCodeAt(this.at);
    this.at += 1;
    if (code === closing) return true;
    if (code !== 0x2c /* , */) this.fail();
    return false;
  }

  /** Past the closing quote of the string starting here (the text holds no backslash). */
  private stringEnd(): number {
    const close = this.text.indexOf('"', this.at + 1);
    if (close === -1) this.fail();
    return close + 1;
  }

  private literal(word: string): string {
    if (!this.text.startsWith(word, this.at)) this.fail();
    this.at += word.length;
    return word;
  }

  private space(): void {
    const text = this.text;
    let at = this.at;
    for (let code = text.charCodeAt(at); code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d; code = text.charCodeAt(at)) at += 1;
    this.at = at;
  }

  private fail(): never {
    throw new SyntaxError(`not the text of a jsonb value at offset ${this.at}`);
  }
}
