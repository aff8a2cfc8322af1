import { backendsUnderTest, createThrowawayDatabase, type ThrowawayDatabase } from '../../database/src/throwaway-database.js';
import { canonicalJson, canonicalJsonOfJsonbText } from './canonical-json.js';
import type { JsonValue } from './event-store.port.js';

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

// Mostly what payloads hold (no escapes: the text path), some escapes (the parsing path).
const ALPHABET = ['a', 'B', 'z', 'id', 'name', 'heldOn', '0', '9', ' ', 'é', '中', '文', '\u2028', '😀', '𝄞', 'ﬀ', '\u007f', '"', '\\', '\n'];
const NUMBERS = [0, -0, 1, -1, 12, 0.1, 0.5, 1.5e-7, 1e21, 1e-7, 123456789.125, 2 ** 53 - 1, 2 ** 53 + 2, 1e15, -(2 ** 31), Math.PI, 100, 4.5];

function randomJson(random: () => number, depth: number, escapes: boolean): JsonValue {
  const alphabet = escapes ? ALPHABET : ALPHABET.slice(0, -3);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)]!;
  const text = () => Array.from({ length: Math.floor(random() * 4) }, () => pick(alphabet)).join('');
  switch (depth > 3 ? Math.floor(random() * 4) : Math.floor(random() * 6)) {
    case 0:
      return text();
    case 1:
      return random() < 0.5 ? pick(NUMBERS) : Math.round(random() * 1e6) - 5e5;
    case 2:
      return random() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1, escapes));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [text(), randomJson(random, depth + 1, escapes)]));
  }
}

/** The verifier's reading of payloads: PostgreSQL's jsonb text turned back into the hashed text. */
describe.each(backendsUnderTest())('canonical JSON of jsonb text on %s', (backend) => {
  let database: ThrowawayDatabase;

  beforeAll(async () => {
    database = await createThrowawayDatabase(backend);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('is the canonical JSON of the value stored, for generated payloads with and without escapes', async () => {
    const random = seededRandom(20261201);
    const values = Array.from({ length: 2000 }, (_, index) => ({ payload: randomJson(random, 1, index % 4 === 0) }));
    const stored = values.map((value) => canonicalJson(value));
    const { rows } = await database.sql.query<{ text: string }>('SELECT value::text AS text FROM unnest($1::jsonb[]) WITH ORDINALITY AS v(value, n) ORDER BY n', [stored]);
    expect(rows.map((row) => canonicalJsonOfJsonbText(row.text))).toEqual(stored);
  });
});
