import type { PolicyVersion } from '../policy-model/policy-version.js';
import { activeVersion, publishedBy, versionFor } from './version-for.js';

function version(name: string, effectiveFrom: string, publishedAt: string): PolicyVersion {
  return { version: name, effectiveFrom, publishedAt, rules: [] };
}

const baseline = version('2018.1', '2018-01-18', '2018-01-18T00:00:00.000Z');
/** Published in mid-2019, effective from 2019-01-01: retroactive for the first half of 2019. */
const retroactive = version('2019.1', '2019-01-01', '2019-06-15T02:00:00.000Z');
/** Published in mid-2019, effective only from 2020-01-01. */
const future = version('2020.1', '2020-01-01', '2019-07-01T02:00:00.000Z');
const versions = [baseline, retroactive, future];

const name = (found: PolicyVersion | null) => found?.version ?? null;

describe('which version applies', () => {
  it('is the most recently published one effective on the deciding day', () => {
    expect(name(versionFor(versions, '2018-05-20'))).toBe('2018.1');
    expect(name(versionFor(versions, '2019-03-31'))).toBe('2019.1');
    expect(name(versionFor(versions, '2019-12-31'))).toBe('2019.1');
    expect(name(versionFor(versions, '2020-01-01'))).toBe('2020.1');
  });

  it('applies a retroactive version only as of instants after its publication', () => {
    expect(name(versionFor(versions, '2019-03-31', '2019-06-15T01:59:59.999Z'))).toBe('2018.1');
    expect(name(versionFor(versions, '2019-03-31', '2019-06-15T02:00:00.000Z'))).toBe('2019.1');
    expect(name(versionFor(versions, '2019-03-31', '2019-06-15T10:00:00+08:00'))).toBe('2019.1');
    expect(name(versionFor(versions, '2019-03-31', new Date('2020-01-01T00:00:00Z')))).toBe('2019.1');
  });

  it('lets a future version change nothing before its day', () => {
    expect(name(versionFor(versions, '2019-12-31', '2019-07-01T02:00:00.000Z'))).toBe('2019.1');
    expect(name(activeVersion(versions, '2019-12-31'))).toBe('2019.1');
    expect(name(activeVersion(versions, '2020-01-01'))).toBe('2020.1');
  });

  it('prefers the later publication even when it is effective from an earlier day', () => {
    const correction = version('2019.2', '2018-01-18', '2019-09-01T00:00:00.000Z');
    expect(name(versionFor([...versions, correction], '2019-03-31'))).toBe('2019.2');
    expect(name(versionFor([...versions, correction], '2018-05-20'))).toBe('2019.2');
    expect(name(versionFor([...versions, correction], '2020-05-20'))).toBe('2019.2');
    expect(name(versionFor([...versions, correction], '2018-05-20', '2019-08-31T23:59:59.999Z'))).toBe('2018.1');
  });

  it('breaks a tie on publishedAt by the order given', () => {
    const twin = version('2019.1b', '2019-01-01', retroactive.publishedAt);
    expect(name(versionFor([baseline, retroactive, twin], '2019-03-01'))).toBe('2019.1b');
    expect(name(versionFor([baseline, twin, retroactive], '2019-03-01'))).toBe('2019.1');
  });

  it('falls back to the earliest-effective version published by asOf for days before any', () => {
    expect(name(versionFor(versions, '2017-12-31'))).toBe('2018.1');
    expect(name(versionFor([future, retroactive], '2018-06-01'))).toBe('2019.1');
    expect(name(versionFor([retroactive, future], '2018-06-01', '2019-06-20T00:00:00Z'))).toBe('2019.1');
    expect(name(versionFor([future, retroactive], '2018-06-01', '2019-06-01T00:00:00Z'))).toBeNull();
    expect(name(versionFor([future], '2019-06-01'))).toBe('2020.1');
  });

  it('is null only when nothing is published by asOf', () => {
    expect(versionFor([], '2018-05-20')).toBeNull();
    expect(versionFor(versions, '2018-05-20', '2017-01-01T00:00:00Z')).toBeNull();
  });

  it('counts what was published exactly at asOf', () => {
    expect(publishedBy(versions, '2019-06-15T02:00:00.000Z').map((found) => found.version)).toEqual(['2018.1', '2019.1']);
    expect(publishedBy(versions).map((found) => found.version)).toEqual(['2018.1', '2019.1', '2020.1']);
  });
});
