import { backendsUnderTest, createThrowawayDatabase, type ThrowawayDatabase } from '../../../database/src/throwaway-database.js';
import { COPY_FROM_ROWS, copyRows, insertRows, type ColumnTypes } from './bulk-writes.js';

const COLUMNS: ColumnTypes = {
  id: 'text', year: 'integer', day: 'date', active: 'boolean', score: 'double precision', rules: 'text', untrained: 'jsonb', note: 'text',
};

/** Rows with what COPY's text format must escape: backslashes, tabs, line breaks, quotes, `\N` itself, CJK. */
const ROWS = [
  {
    id: 'b1', year: 2019, day: '2019-12-31', active: true, score: 0.8333333333333334,
    rules: [{ ruleId: 'MEETING_COMMITTEE', label: '支委会 "每月"', path: 'C:\\党建\\台账', periods: [1, 2, 3] }],
    untrained: [{ personId: 'p1', role: 'SECRETARY' }], note: 'tab\there, line\nbreak, cr\rreturn, \\N literally',
  },
  { id: 'b2', year: 2020, day: '2020-06-30', active: false, score: null, rules: [], untrained: [], note: null },
  { id: 'b3', year: 2021, day: '2021-12-31', active: true, score: 1, rules: [{ text: '\\' }], untrained: [], note: '' },
];

/** Plain rows that bring a write up to what copyRows copies (their ids sort after the rows above). */
const filler = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({ ...ROWS[1]!, id: `${prefix}${String(index).padStart(4, '0')}` }));
const COPIED = [...ROWS, ...filler('f', COPY_FROM_ROWS)];

describe.each(backendsUnderTest())('copyRows on %s', (backend) => {
  let database: ThrowawayDatabase;

  beforeAll(async () => {
    database = await createThrowawayDatabase(backend, { migrated: false });
    const columns = Object.entries(COLUMNS).map(([name, type]) => `${name} ${type}`).join(', ');
    await database.sql.exec(`CREATE TABLE copied (${columns}); CREATE TABLE inserted (${columns})`);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('stores the same values as the JSON unpacking, escapes included, in the transaction it runs in', async () => {
    await database.sql.transaction(async (tx) => {
      // The pg backend's transactions COPY (so many rows); PGlite's take the JSON path: the same values either way.
      expect(typeof tx.copyIn).toBe(backend === 'postgres' ? 'function' : 'undefined');
      let copies = 0;
      const counted = tx.copyIn ? { ...tx, copyIn: (statement: string, data: string) => ((copies += 1), tx.copyIn!(statement, data)) } : tx;
      await copyRows(counted, 'copied', COLUMNS, COPIED);
      await copyRows(counted, 'copied', COLUMNS, [{ ...ROWS[1]!, id: 'z-few' }]);
      await insertRows(tx, 'inserted', COLUMNS, [...COPIED, { ...ROWS[1]!, id: 'z-few' }], '', 'json');
      // One COPY for the many rows; the single row of a live write goes as a statement.
      expect(copies).toBe(backend === 'postgres' ? 1 : 0);
    });
    const read = async (table: string) =>
      (await database.sql.query(`SELECT id, year, day::text, active, score, rules, untrained::text, note FROM ${table} ORDER BY id`)).rows;
    const copied = await read('copied');
    expect(copied).toEqual(await read('inserted'));
    expect(copied[0]).toMatchObject({ note: ROWS[0]!.note, rules: JSON.stringify(ROWS[0]!.rules), score: 0.8333333333333334 });
    expect(copied[1]).toMatchObject({ score: null, note: null, rules: '[]' });
    expect(copied[2]).toMatchObject({ note: '', rules: '[{"text":"\\\\"}]' });
  });

  it('writes nothing when the transaction it ran in rolls back', async () => {
    await expect(
      database.sql.transaction(async (tx) => {
        await copyRows(tx, 'copied', COLUMNS, [{ ...ROWS[1]!, id: 'rolled-back' }, ...filler('r', COPY_FROM_ROWS)]);
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    const { rows } = await database.sql.query(`SELECT 1 FROM copied WHERE id = 'rolled-back'`);
    expect(rows).toEqual([]);
  });
});
