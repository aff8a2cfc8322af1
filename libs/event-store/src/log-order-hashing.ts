import { hash } from 'node:crypto';
import { canonicalJsonOfJsonbText, canonicalString } from './canonical-json.js';

/**
 * What a part of a walk of the log in position order keeps, and the byte-level hashing of rows
 * read with `COPY (…) TO STDOUT (FORMAT binary)`: the hot loop of verification and of the store
 * digest. Nothing here touches the database, so a worker thread runs it as well as the caller.
 */

/** Where a part of a log-order walk found a stream: its first and last event in the part. */
export interface StreamSegment {
  firstVersion: number;
  firstPreviousHash: string | null;
  lastVersion: number;
  lastHash: string;
}

/** What a part found: per stream its segment, the streams that showed anything out of order, how many events it read. */
export interface LogOrderPartSummary {
  segments: Map<string, StreamSegment>;
  suspects: string[];
  events: number;
}

/**
 * Folds the rows of one part, in position order, into per-stream segments. A stream whose version
 * does not follow the one before, whose link is not the hash before it or whose stored hash is not
 * the hash of its stored fields is a suspect: it is walked again alone, in version order.
 */
export class LogOrderPart {
  readonly segments = new Map<string, StreamSegment>();
  readonly suspects = new Set<string>();
  events = 0;

  add(streamId: string, version: number, previousHash: string | null, storedHash: string, hashHolds: boolean): void {
    this.events += 1;
    const segment = this.segments.get(streamId);
    if (!segment) {
      this.segments.set(streamId, { firstVersion: version, firstPreviousHash: previousHash, lastVersion: version, lastHash: storedHash });
    } else {
      if (version !== segment.lastVersion + 1 || previousHash !== segment.lastHash) this.suspects.add(streamId);
      segment.lastVersion = version;
      segment.lastHash = storedHash;
    }
    if (!hashHolds) this.suspects.add(streamId);
  }

  summary(): LogOrderPartSummary {
    return { segments: this.segments, suspects: [...this.suspects], events: this.events };
  }
}

/**
 * The columns of a COPY of log-order rows, in the order {@link CopyRowHasher} reads them: text as
 * it is stored, the version and instants as binary integers (no formatting in the database), the
 * payload as jsonb's binary form (a version byte, then its text).
 */
export const COPY_COLUMNS = `events.event_id::text, events.stream_id, events.version, events.type, events.schema_version,
  events.data, events.metadata->>'actor', events.metadata->>'correlationId', events.metadata->>'causationId',
  events.occurred_at, events.recorded_at, events.university_id, events.hash, events.previous_hash`;
const FIELDS = 14;
const F_EVENT_ID = 0;
const F_STREAM_ID = 1;
const F_VERSION = 2;
const F_TYPE = 3;
const F_SCHEMA_VERSION = 4;
const F_DATA = 5;
const F_ACTOR = 6;
const F_CORRELATION_ID = 7;
const F_CAUSATION_ID = 8;
const F_OCCURRED_AT = 9;
const F_RECORDED_AT = 10;
const F_UNIVERSITY_ID = 11;
const F_HASH = 12;
const F_PREVIOUS_HASH = 13;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const ascii = (text: string) => Buffer.from(text, 'latin1');
const K_ACTOR = ascii('{"actor":');
const K_CAUSATION = ascii(',"causationId":');
const K_CORRELATION = ascii(',"correlationId":');
const K_DATA = ascii(',"data":');
const K_EVENT_ID = ascii(',"eventId":');
const K_OCCURRED_AT = ascii(',"occurredAt":"');
const K_PREVIOUS_HASH = ascii('","previousHash":');
const K_RECORDED_AT = ascii(',"recordedAt":"');
const K_SCHEMA_VERSION = ascii('","schemaVersion":');
const K_STREAM_ID = ascii(',"streamId":');
const K_TYPE = ascii(',"type":');
const K_UNIVERSITY_ID = ascii(',"universityId":');
const K_VERSION = ascii(',"version":');
const K_NULL = ascii('null');

/** Thrown inside the byte-level reader when a payload needs the text path (never escapes it). */
const TEXT_PATH = { textPath: true };

/**
 * Reads the output of `COPY (SELECT ${COPY_COLUMNS} … ORDER BY global_position) TO STDOUT (FORMAT
 * binary)`, chunk by chunk as the server sends it (statements one after another), and folds every
 * row into a {@link LogOrderPart}: the hash of each row is computed from its bytes. The text hashed is
 * byte for byte what {@link logRowHash} hashes (the RFC 8785 JSON of DOMAIN.md §3), written straight
 * from the row's UTF-8 into one buffer: no string per field, no objects per row. What the bytes
 * cannot settle alone (a string that needs escaping, a payload with a backslash or a member name that
 * UTF-16 orders otherwise than UTF-8) goes through the same text functions as the query path.
 */
export class CopyRowHasher {
  private carry: Buffer | undefined;
  /** A protocol message being put together across chunks (pushFrames), and how much of it is there. */
  private frame: Buffer | undefined;
  private frameLength = 0;
  private rows = 0;
  private inHeader = true;
  private readonly starts = new Int32Array(FIELDS);
  private readonly lengths = new Int32Array(FIELDS);
  private out = Buffer.allocUnsafe(1 << 16);
  private o = 0;
  /** `YYYY-MM-DDT` by day since 2000-01-01. */
  private readonly dates = new Map<number, Buffer>();
  /** The last instant of each column (occurred, recorded). */
  private readonly lastInstants = [0, 1].map(() => ({ high: NaN, low: NaN, bytes: Buffer.alloc(32), length: 0 }));
  private lastStreamBytes = Buffer.allocUnsafe(256);
  private lastStreamLength = -1;
  private lastStreamId = '';
  private readonly jsonb = new JsonbBytes();

  /** Without a part, rows are only delimited (a plain scan: the baseline of the benchmark). */
  constructor(private readonly part?: LogOrderPart) {}

  /** Consumes a chunk of the COPY's output (`copyOut`); returns how many rows it completed. */
  push(chunk: Buffer): number {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    const before = this.rows;
    const at = this.parse(buf, 0, buf.length);
    if (at < buf.length) this.carry = Buffer.from(buf.subarray(at));
    return this.rows - before;
  }

  /**
   * Consumes a chunk of the protocol's bytes (`copyOutFrames`: CopyOutResponse, CopyData messages,
   * perhaps a notice between); returns how many rows it completed. The server sends a row a
   * message, so each is read where it lies; a message cut by the end of a chunk is put together
   * first (that message only), and rows cut across messages are put together too.
   */
  pushFrames(chunk: Buffer): number {
    const before = this.rows;
    const end = chunk.length;
    let at = 0;
    while (at < end) {
      if (this.frame) {
        // A message cut by the chunk before: its header first (5 bytes), then its body.
        const frame = this.frame;
        const take = Math.min(frame.length - this.frameLength, end - at);
        chunk.copy(frame, this.frameLength, at, at + take);
        this.frameLength += take;
        at += take;
        if (this.frameLength === 5 && frame.length === 5) {
          const total = 1 + frame.readUInt32BE(1);
          if (total > 5) {
            const whole = Buffer.allocUnsafe(total);
            frame.copy(whole, 0, 0, 5);
            this.frame = whole;
            continue;
          }
        }
        if (this.frameLength < frame.length) continue;
        this.frame = undefined;
        this.message(frame, 0, frame.length);
        continue;
      }
      if (end - at < 5) {
        this.frame = Buffer.allocUnsafe(5);
        this.frameLength = 0;
        continue;
      }
      const total = 1 + chunk.readUInt32BE(at + 1);
      if (end - at < total) {
        this.frame = Buffer.allocUnsafe(total);
        this.frameLength = 0;
        continue;
      }
      this.message(chunk, at, at + total);
      at += total;
    }
    return this.rows - before;
  }

  /** One whole protocol message at buf[start, end). */
  private message(buf: Buffer, start: number, end: number): void {
    const code = buf[start]!;
    if (code !== 0x64 /* CopyData */) {
      // CopyOutResponse, NoticeResponse, ParameterStatus, NotificationResponse: nothing to read.
      if (code === 0x48 || code === 0x4e || code === 0x53 || code === 0x41) return;
      throw new Error(`an unexpected message (${String.fromCharCode(code)}) in a COPY's output`);
    }
    if (this.carry) {
      const joined = Buffer.concat([this.carry, buf.subarray(start + 5, end)]);
      this.carry = undefined;
      const at = this.parse(joined, 0, joined.length);
      if (at < joined.length) this.carry = Buffer.from(joined.subarray(at));
      return;
    }
    const at = this.parse(buf, start + 5, end);
    if (at < end) this.carry = Buffer.from(buf.subarray(at, end));
  }

  /** Reads the rows (and headers and trailers) of buf[at, end); returns where the first incomplete one starts. */
  private parse(buf: Buffer, at: number, end: number): number {
    const starts = this.starts;
    const lengths = this.lengths;
    for (;;) {
      if (this.inHeader) {
        if (end - at < 19) break;
        if (buf.compare(SIGNATURE, 0, 11, at, at + 11) !== 0) throw new Error('not the output of COPY … (FORMAT binary)');
        const extension = buf.readInt32BE(at + 15);
        if (end - at < 19 + extension) break;
        at += 19 + extension;
        this.inHeader = false;
      }
      if (end - at < 2) break;
      const fields = (buf[at]! << 8) | buf[at + 1]!;
      if (fields === 0xffff) {
        // The trailer: a next statement starts with its own header.
        at += 2;
        this.inHeader = true;
        continue;
      }
      if (fields !== FIELDS) throw new Error(`a COPY row of ${fields} fields, not ${FIELDS}`);
      let p = at + 2;
      let complete = true;
      for (let field = 0; field < FIELDS; field += 1) {
        if (end - p < 4) {
          complete = false;
          break;
        }
        const length = (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
        p += 4;
        starts[field] = p;
        lengths[field] = length;
        if (length > 0) {
          p += length;
          if (p > end) {
            complete = false;
            break;
          }
        }
      }
      if (!complete) break;
      if (this.part) this.row(buf, p - at);
      this.rows += 1;
      at = p;
    }
    return at;
  }

  /** True when every chunk pushed ended on a row boundary after a trailer. */
  get finished(): boolean {
    return this.carry === undefined && this.frame === undefined && this.inHeader;
  }

  private row(buf: Buffer, tupleLength: number): void {
    const starts = this.starts;
    const lengths = this.lengths;
    this.reserve(2 * tupleLength + 512);
    this.o = 0;
    this.constant(K_ACTOR);
    this.nullableString(buf, F_ACTOR);
    this.constant(K_CAUSATION);
    this.nullableString(buf, F_CAUSATION_ID);
    this.constant(K_CORRELATION);
    this.nullableString(buf, F_CORRELATION_ID);
    this.constant(K_DATA);
    this.data(buf, starts[F_DATA]!, lengths[F_DATA]!);
    this.constant(K_EVENT_ID);
    this.quoted(buf, F_EVENT_ID);
    this.constant(K_OCCURRED_AT);
    this.instant(buf, starts[F_OCCURRED_AT]!, 0);
    this.constant(K_PREVIOUS_HASH);
    this.quoted(buf, F_PREVIOUS_HASH);
    this.constant(K_RECORDED_AT);
    this.instant(buf, starts[F_RECORDED_AT]!, 1);
    this.constant(K_SCHEMA_VERSION);
    this.integer(buf.readInt32BE(starts[F_SCHEMA_VERSION]!));
    this.constant(K_STREAM_ID);
    this.nullableString(buf, F_STREAM_ID);
    this.constant(K_TYPE);
    this.nullableString(buf, F_TYPE);
    this.constant(K_UNIVERSITY_ID);
    this.nullableString(buf, F_UNIVERSITY_ID);
    this.constant(K_VERSION);
    const versionAt = starts[F_VERSION]!;
    const version = buf.readInt32BE(versionAt) * 4294967296 + buf.readUInt32BE(versionAt + 4);
    this.integer(version);
    this.out[this.o++] = 0x7d; // }

    const computed = hash('sha256', this.out.subarray(0, this.o), 'hex');
    const stored = buf.toString('latin1', starts[F_HASH]!, starts[F_HASH]! + lengths[F_HASH]!);
    const previousLength = lengths[F_PREVIOUS_HASH]!;
    const previous = previousLength < 0 ? null : buf.toString('latin1', starts[F_PREVIOUS_HASH]!, starts[F_PREVIOUS_HASH]! + previousLength);
    const streamId = this.streamIdOf(buf, starts[F_STREAM_ID]!, lengths[F_STREAM_ID]!);
    this.part!.add(streamId, version, previous, stored, computed === stored);
  }

  private reserve(bytes: number): void {
    if (this.out.length >= bytes) return;
    const larger = Buffer.allocUnsafe(Math.max(bytes, this.out.length * 2));
    this.out.copy(larger, 0, 0, this.o);
    this.out = larger;
  }

  private constant(bytes: Buffer): void {
    const out = this.out;
    let o = this.o;
    for (let index = 0; index < bytes.length; index += 1) out[o++] = bytes[index]!;
    this.o = o;
  }

  /** A text field as RFC 8785 writes it (`null` for SQL NULL): quoted as it stands unless it holds `"`, `\` or a control character. */
  private nullableString(buf: Buffer, field: number): void {
    const length = this.lengths[field]!;
    if (length < 0) return this.constant(K_NULL);
    const start = this.starts[field]!;
    const end = start + length;
    const out = this.out;
    let o = this.o;
    out[o++] = 0x22;
    for (let at = start; at < end; at += 1) {
      const byte = buf[at]!;
      if (byte < 0x20 || byte === 0x22 || byte === 0x5c) {
        this.text(canonicalString(buf.toString('utf8', start, end)));
        return;
      }
      out[o++] = byte;
    }
    out[o++] = 0x22;
    this.o = o;
  }

  /**
   * A field that the store writes in hex digits and dashes (the event id, the hashes), quoted as it
   * stands (`null` for SQL NULL). A stored value that would need escaping is written wrongly, so
   * its row does not hash to its stored hash and its stream is walked again by the query path.
   */
  private quoted(buf: Buffer, field: number): void {
    const length = this.lengths[field]!;
    if (length < 0) return this.constant(K_NULL);
    const start = this.starts[field]!;
    const out = this.out;
    let o = this.o;
    out[o++] = 0x22;
    for (let at = start, end = start + length; at < end; at += 1) out[o++] = buf[at]!;
    out[o++] = 0x22;
    this.o = o;
  }

  /** Text written as UTF-8 at the current place. */
  private text(text: string): void {
    this.reserve(this.o + Buffer.byteLength(text, 'utf8') + 512);
    this.o += this.out.write(text, this.o, 'utf8');
  }

  private integer(value: number): void {
    if (value >= 0 && value < 1e9 && Number.isInteger(value)) {
      const out = this.out;
      if (value < 10) {
        out[this.o++] = 0x30 + value;
        return;
      }
      let digits = 1;
      for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
      let at = this.o + digits;
      this.o = at;
      for (let rest = value; digits > 0; digits -= 1) {
        out[--at] = 0x30 + (rest % 10);
        rest = Math.floor(rest / 10);
      }
      return;
    }
    this.text(JSON.stringify(value));
  }

  /** jsonb's binary form: a version byte (1), then the text `data::text` would give. */
  private data(buf: Buffer, start: number, length: number): void {
    if (length < 1 || buf[start] !== 1) throw new Error('a jsonb field of an unknown binary version');
    const mark = this.o;
    try {
      this.o = this.jsonb.canonical(buf, start + 1, start + length, this.out, this.o);
    } catch (error) {
      if (error !== TEXT_PATH) throw error;
      this.o = mark;
      this.text(canonicalJsonOfJsonbText(buf.toString('utf8', start + 1, start + length)));
    }
  }

  /**
   * A timestamptz (microseconds since 2000-01-01 UTC) as the query path writes it: ISO-8601 to the
   * millisecond, with microseconds when the row holds any. The date is formatted once a day while
   * the cache holds (an append's events share their instants, a data set's days recur), the time of
   * day written digit by digit; the instant of the row before in the same column is copied again.
   */
  private instant(buf: Buffer, at: number, column: 0 | 1): void {
    const high = buf.readInt32BE(at);
    const low = buf.readUInt32BE(at + 4);
    const last = this.lastInstants[column]!;
    if (last.high === high && last.low === low) {
      const out = this.out;
      const bytes = last.bytes;
      let o = this.o;
      for (let index = 0, length = last.length; index < length; index += 1) out[o++] = bytes[index]!;
      this.o = o;
      return;
    }
    const from = this.o;
    this.o = writeIsoInstant(high, low, this.out, this.o, this.dates);
    const length = this.o - from;
    if (length <= last.bytes.length) {
      last.high = high;
      last.low = low;
      last.length = length;
      this.out.copy(last.bytes, 0, from, this.o);
    } else {
      last.high = NaN;
    }
  }

  /** The stream id of the row: the last row's string again when the bytes are the same (an append's events follow each other). */
  private streamIdOf(buf: Buffer, start: number, length: number): string {
    const last = this.lastStreamBytes;
    if (length === this.lastStreamLength) {
      let same = true;
      for (let index = 0; index < length; index += 1) {
        if (buf[start + index] !== last[index]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastStreamId;
    }
    if (last.length < length) this.lastStreamBytes = Buffer.allocUnsafe(Math.max(length, last.length * 2));
    buf.copy(this.lastStreamBytes, 0, start, start + length);
    this.lastStreamLength = length;
    this.lastStreamId = buf.toString('utf8', start, start + length);
    return this.lastStreamId;
  }
}

/**
 * Writes {@link isoOfMicroseconds}`(high, low)` as bytes at out[o] (room for 40 is left); returns
 * where it ends. `dates` caches each day's `YYYY-MM-DDT`; the time of day is written digit by digit.
 */
export function writeIsoInstant(high: number, low: number, out: Buffer, o: number, dates: Map<number, Buffer>): number {
  // Beyond 2^53 microseconds the arithmetic would not be exact: those are formatted as text.
  if (!(high > -0x200000 && high < 0x200000)) return o + out.write(isoOfMicroseconds(high, low), o, 'latin1');
  const total = high * 4294967296 + low;
  const days = Math.floor(total / 86_400_000_000);
  const inDay = total - days * 86_400_000_000;
  let date = dates.get(days);
  if (date === undefined) {
    const midnight = days * 86_400_000_000;
    const midnightHigh = Math.floor(midnight / 4294967296);
    const iso = isoOfMicroseconds(midnightHigh, midnight - midnightHigh * 4294967296);
    date = Buffer.from(iso.slice(0, iso.indexOf('T') + 1), 'latin1');
    if (dates.size >= 65_536) dates.clear();
    dates.set(days, date);
  }
  for (let index = 0; index < date.length; index += 1) out[o++] = date[index]!;
  const seconds = Math.floor(inDay / 1_000_000);
  const micros = inDay - seconds * 1_000_000;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds - hours * 3600) / 60);
  const second = seconds - hours * 3600 - minutes * 60;
  const ms = Math.floor(micros / 1000);
  const us = micros - ms * 1000;
  out[o++] = 0x30 + Math.floor(hours / 10);
  out[o++] = 0x30 + (hours % 10);
  out[o++] = 0x3a;
  out[o++] = 0x30 + Math.floor(minutes / 10);
  out[o++] = 0x30 + (minutes % 10);
  out[o++] = 0x3a;
  out[o++] = 0x30 + Math.floor(second / 10);
  out[o++] = 0x30 + (second % 10);
  out[o++] = 0x2e;
  out[o++] = 0x30 + Math.floor(ms / 100);
  out[o++] = 0x30 + (Math.floor(ms / 10) % 10);
  out[o++] = 0x30 + (ms % 10);
  if (us !== 0) {
    out[o++] = 0x30 + Math.floor(us / 100);
    out[o++] = 0x30 + (Math.floor(us / 10) % 10);
    out[o++] = 0x30 + (us % 10);
  }
  out[o++] = 0x5a;
  return o;
}

const EPOCH_2000_MS = 946_684_800_000;

/**
 * `to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`, trailing `000` dropped, then `Z`
 * (what the query path hashes), of an int8 timestamp split in its high and low 32 bits.
 */
export function isoOfMicroseconds(high: number, low: number): string {
  if ((high === 0x7fffffff && low === 0xffffffff) || (high === -0x80000000 && low === 0)) {
    throw new TypeError('an infinite instant has no ISO-8601 form');
  }
  let milliseconds: number;
  let micros: number;
  if (high > -0x200000 && high < 0x200000) {
    const total = high * 4294967296 + low;
    milliseconds = Math.floor(total / 1000);
    micros = total - milliseconds * 1000;
  } else {
    const total = (BigInt(high) << 32n) + BigInt(low);
    let whole = total / 1000n;
    let rest = total - whole * 1000n;
    if (rest < 0n) {
      whole -= 1n;
      rest += 1000n;
    }
    milliseconds = Number(whole);
    micros = Number(rest);
  }
  const epochMs = milliseconds + EPOCH_2000_MS;
  const days = Math.floor(epochMs / 86_400_000);
  const inDay = epochMs - days * 86_400_000;
  const { year, month, day } = civilOfDays(days);
  const yearText = year <= 0 ? String(1 - year).padStart(4, '0') : String(year).padStart(4, '0');
  const two = (value: number) => (value < 10 ? `0${value}` : String(value));
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor((inDay % 3_600_000) / 60_000);
  const seconds = Math.floor((inDay % 60_000) / 1000);
  const ms = inDay % 1000;
  const fraction = String(ms).padStart(3, '0') + (micros === 0 ? '' : String(micros).padStart(3, '0'));
  return `${yearText}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${fraction}Z`;
}

/** The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's civil_from_days). */
function civilOfDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * RFC 8785 JSON of jsonb text, from its UTF-8 bytes into a buffer: what {@link canonicalJsonOfJsonbText}
 * writes, encoded. Text with a backslash takes the text path (as there). An object's members are
 * first skimmed (each name, and where its value starts and ends), sorted by the bytes of their names
 * when jsonb's order (by length first) is not already theirs (UTF-8 order is UTF-16 order but for
 * names with characters from U+E000 on, which take the text path), then written in that order, each
 * value written as it is reached: strings copied as they stand (jsonb escapes as JSON.stringify
 * does), plain short integers copied, other numbers written as JSON.stringify writes them.
 */
class JsonbBytes {
  private src: Buffer = Buffer.alloc(0);
  private end = 0;
  private out: Buffer = Buffer.alloc(0);
  private o = 0;
  /** Per member of the objects open: name start, name end, value start, value end (all in src). */
  private stack = new Int32Array(1024);
  private sp = 0;

  /** Writes the canonical form of src[start, end) at out[o] (room for twice its length is left); returns where it ends. Throws TEXT_PATH. */
  canonical(src: Buffer, start: number, end: number, out: Buffer, o: number): number {
    this.src = src;
    this.end = end;
    this.out = out;
    this.o = o;
    this.sp = 0;
    const at = this.space(this.emit(this.space(start)));
    if (at !== end) throw TEXT_PATH;
    return this.o;
  }

  /** Writes the value at `at` (no space before it); returns the position after it. */
  private emit(at: number): number {
    const src = this.src;
    switch (src[at]) {
      case 0x7b /* { */:
        return this.object(at);
      case 0x5b /* [ */:
        return this.array(at);
      case 0x22 /* " */: {
        const close = this.stringEnd(at, false);
        this.copy(at, close);
        return close;
      }
      default: {
        const close = this.scalarEnd(at);
        this.scalar(at, close);
        return close;
      }
    }
  }

  /** Past the end of the value at `at`, without writing it. */
  private skip(at: number): number {
    const src = this.src;
    const code = src[at];
    if (code === 0x22) return this.stringEnd(at, false);
    if (code !== 0x7b && code !== 0x5b) return this.scalarEnd(at);
    const end = this.end;
    let depth = 0;
    while (at < end) {
      const byte = src[at]!;
      if (byte === 0x22) {
        at = this.stringEnd(at, false);
        continue;
      }
      if (byte === 0x7b || byte === 0x5b) depth += 1;
      else if (byte === 0x7d || byte === 0x5d) {
        depth -= 1;
        if (depth === 0) return at + 1;
      }
      at += 1;
    }
    throw TEXT_PATH;
  }

  private object(at: number): number {
    const src = this.src;
    at = this.space(at + 1);
    if (src[at] === 0x7d) {
      this.out[this.o++] = 0x7b;
      this.out[this.o++] = 0x7d;
      return at + 1;
    }
    const base = this.sp;
    let sorted = true;
    for (;;) {
      if (src[at] !== 0x22) throw TEXT_PATH;
      const nameEnd = this.stringEnd(at, true);
      let valueAt = this.space(nameEnd);
      if (src[valueAt] !== 0x3a /* : */) throw TEXT_PATH;
      valueAt = this.space(valueAt + 1);
      const valueEnd = this.skip(valueAt);
      if (this.sp + 4 > this.stack.length) {
        const larger = new Int32Array(this.stack.length * 2);
        larger.set(this.stack);
        this.stack = larger;
      }
      const stack = this.stack;
      const entry = this.sp;
      stack[entry] = at;
      stack[entry + 1] = nameEnd;
      stack[entry + 2] = valueAt;
      stack[entry + 3] = valueEnd;
      this.sp = entry + 4;
      if (sorted && entry > base && this.compareName(entry - 4, at, nameEnd) > 0) sorted = false;
      at = this.space(valueEnd);
      const next = src[at];
      at = this.space(at + 1);
      if (next === 0x7d) break;
      if (next !== 0x2c) throw TEXT_PATH;
    }
    const top = this.sp;
    if (!sorted) this.sort(base, top);
    this.out[this.o++] = 0x7b;
    for (let entry = base; entry < top; entry += 4) {
      const stack = this.stack;
      if (entry > base) this.out[this.o++] = 0x2c;
      this.copy(stack[entry]!, stack[entry + 1]!);
      this.out[this.o++] = 0x3a;
      const valueAt = stack[entry + 2]!;
      const valueEnd = stack[entry + 3]!;
      const first = src[valueAt];
      if (first === 0x22) this.copy(valueAt, valueEnd);
      else if (first === 0x7b) this.object(valueAt);
      else if (first === 0x5b) this.array(valueAt);
      else this.scalar(valueAt, valueEnd);
    }
    this.out[this.o++] = 0x7d;
    this.sp = base;
    return at;
  }

  /** Sorts the member entries in [base, top) by name (insertion: a handful of members). */
  private sort(base: number, top: number): void {
    const stack = this.stack;
    for (let entry = base + 4; entry < top; entry += 4) {
      const nameAt = stack[entry]!;
      const nameEnd = stack[entry + 1]!;
      const valueAt = stack[entry + 2]!;
      const valueEnd = stack[entry + 3]!;
      let place = entry;
      while (place > base && this.compareName(place - 4, nameAt, nameEnd) > 0) {
        stack[place] = stack[place - 4]!;
        stack[place + 1] = stack[place - 3]!;
        stack[place + 2] = stack[place - 2]!;
        stack[place + 3] = stack[place - 1]!;
        place -= 4;
      }
      stack[place] = nameAt;
      stack[place + 1] = nameEnd;
      stack[place + 2] = valueAt;
      stack[place + 3] = valueEnd;
    }
  }

  /** The name of an entry against the name quoted at src[nameAt, nameEnd), by their UTF-8 bytes (the closing quotes compare as the end). */
  private compareName(entry: number, nameAt: number, nameEnd: number): number {
    const src = this.src;
    const a = this.stack[entry]! + 1;
    const aLength = this.stack[entry + 1]! - 1 - a;
    const b = nameAt + 1;
    const bLength = nameEnd - 1 - b;
    const common = aLength < bLength ? aLength : bLength;
    for (let index = 0; index < common; index += 1) {
      const difference = src[a + index]! - src[b + index]!;
      if (difference !== 0) return difference;
    }
    return aLength - bLength;
  }

  private array(at: number): number {
    const src = this.src;
    at = this.space(at + 1);
    this.out[this.o++] = 0x5b;
    if (src[at] === 0x5d) {
      this.out[this.o++] = 0x5d;
      return at + 1;
    }
    for (;;) {
      at = this.space(this.emit(at));
      const next = src[at];
      at = this.space(at + 1);
      if (next === 0x5d) {
        this.out[this.o++] = 0x5d;
        return at;
      }
      if (next !== 0x2c) throw TEXT_PATH;
      this.out[this.o++] = 0x2c;
    }
  }

  /** Past the closing quote of the string starting at `at` (the text holds no backslash); in a name, a character from U+E000 on takes the text path. */
  private stringEnd(at: number, name: boolean): number {
    const src = this.src;
    const end = this.end;
    for (at += 1; at < end; at += 1) {
      const byte = src[at]!;
      if (byte === 0x22) return at + 1;
      if (byte === 0x5c || (name && byte >= 0xee)) throw TEXT_PATH;
    }
    throw TEXT_PATH;
  }

  /** Past a number or literal: digits, '-', '+', '.', 'e', 'E' and letters. */
  private scalarEnd(at: number): number {
    const src = this.src;
    const end = this.end;
    let close = at;
    while (close < end) {
      const c = src[close]!;
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x61 && c <= 0x7a) || c === 0x45) close += 1;
      else break;
    }
    if (close === at) throw TEXT_PATH;
    return close;
  }

  /** A number or literal as RFC 8785 writes it. */
  private scalar(start: number, end: number): void {
    const src = this.src;
    const first = src[start]!;
    if (first >= 0x61) {
      // true, false, null
      const length = end - start;
      const ok =
        (length === 4 && first === 0x74 && src[start + 1] === 0x72 && src[start + 2] === 0x75 && src[start + 3] === 0x65) ||
        (length === 5 && first === 0x66 && src[start + 1] === 0x61 && src[start + 2] === 0x6c && src[start + 3] === 0x73 && src[start + 4] === 0x65) ||
        (length === 4 && first === 0x6e && src[start + 1] === 0x75 && src[start + 2] === 0x6c && src[start + 3] === 0x6c);
      if (!ok) throw TEXT_PATH;
      this.copy(start, end);
      return;
    }
    // A plain short integer (-?(0|[1-9]\d{0,14}), not -0) is its own JSON form.
    let digit = start;
    if (first === 0x2d) digit += 1;
    const digits = end - digit;
    let plain = digits >= 1 && digits <= 15 && (src[digit] !== 0x30 || (digits === 1 && digit === start));
    for (let index = digit; plain && index < end; index += 1) {
      const c = src[index]!;
      if (c < 0x30 || c > 0x39) plain = false;
    }
    if (plain) {
      this.copy(start, end);
      return;
    }
    const parsed = Number(src.toString('latin1', start, end));
    if (!Number.isFinite(parsed)) throw TEXT_PATH;
    this.o += this.out.write(JSON.stringify(parsed), this.o, 'latin1');
  }

  private copy(start: number, end: number): void {
    const src = this.src;
    const out = this.out;
    if (end - start > 40) {
      out.set(src.subarray(start, end), this.o);
      this.o += end - start;
      return;
    }
    let o = this.o;
    for (let at = start; at < end; at += 1) out[o++] = src[at]!;
    this.o = o;
  }

  /** Past the spaces at `at`; past the end, src holds the next field (or nothing): no byte there is taken for a space. */
  private space(at: number): number {
    const src = this.src;
    const end = this.end;
    while (at < end) {
      const code = src[at];
      if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d) at += 1;
      else break;
    }
    return at;
  }
}
