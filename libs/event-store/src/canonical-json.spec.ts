import canonicalize from 'canonicalize';
import { canonicalJson } from './canonical-json.js';
import type { JsonValue } from './event-store.port.js';

/** A small seeded generator, so a failing value can be reproduced. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'B', 'z', '0', '9', ' ', '"', '\\', '\n', '\u0001', '\u007f', 'é', 'ß', '中', '文', '\u2028', '😀', '𝄞', 'ﬀ'];

function randomJson(random: () => number, depth: number): JsonValue {
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)]!;
  const text = () => Array.from({ length: Math.floor(random() * 6) }, () => pick(ALPHABET)).join('');
  const kind = depth > 3 ? Math.floor(random() * 4) : Math.floor(random() * 6);
  switch (kind) {
    case 0:
      return text();
    case 1:
      return pick([0, -0, 1, -1, 0.1, 1.5e-7, 1e21, 1e-7, 123456789.125, 2 ** 53 - 1, -(2 ** 31), Math.PI, random() * 1e6 - 5e5]);
    case 2:
      return pick([true, false]);
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [text(), randomJson(random, depth + 1)]));
  }
}

describe('canonical JSON (RFC 8785)', () => {
  it('writes exactly what the reference JCS implementation writes, for thousands of generated values', () => {
    const random = seededRandom(20240501);
    for (let sample = 0; sample < 5_000; sample += 1) {
      const value = randomJson(random, 0);
      expect([sample, canonicalJson(value)]).toEqual([sample, canonicalize(value)]);
    }
  });

  it('sorts members by UTF-16 code units, not by code points or locale', () => {
    // U+FB00 sorts after U+1D11E's surrogates (0xD834) by code unit, before it by code point.
    expect(canonicalJson({ 'ﬀ': 1, '𝄞': 2, 'a': 3, 'B': 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":4,"a":3,"𝄞":2,"ﬀ":1}');
  });

  it('writes numbers as ECMAScript does', () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 100, 4.5])).toBe('[1e+21,1e-7,0.000001,0,100,4.5]');
  });

  it('treats undefined members, undefined elements and toJSON as JSON.stringify does', () => {
    const value = { kept: 1, dropped: undefined, list: [undefined, 2], when: new Date('2024-05-01T08:00:00.000Z') };
    expect(canonicalJson(value as unknown as JsonValue)).toBe('{"kept":1,"list":[null,2],"when":"2024-05-01T08:00:00.000Z"}');
    expect(canonicalJson(value as unknown as JsonValue)).toBe(canonicalize(value));
  });

  it('refuses what has no canonical form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ infinite: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson({ text: 'half a pair \ud800' })).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow(/lone surrogate/);
  });
});
