import type { Data, DataType, Int64, List, Struct, TimestampMillisecond } from 'apache-arrow';
import { arrow } from './arrow.js';
import { Sym } from '../../engine/sym.js';
import { RunError } from '../../errors.js';
import { Dialect } from '../dialects.js';
import { NATIVE_COPY_LENGTH } from '../bytes.js';
import { asciiWords, writeWords } from './ascii-words.js';

/**
 * Arrow columns built straight into typed arrays. apache-arrow's generic builders check
 * and convert every value through several layers; these write what clickgen's values
 * are (numbers, strings, Syms, plain objects and lists) into reused buffers.
 *
 * `finish` hands out views of those buffers: serialise the data before appending again.
 */
export interface ColumnBuilder {
  readonly type: DataType;
  /** Bytes appended since the last finish (values, offsets, validity): what a size roll counts. */
  readonly bytes: number;
  /** Appends one value; null or undefined (absent) is a null. */
  append(value: unknown): void;
  /** The values appended since the last finish, as Arrow data; the builder starts empty again. */
  finish(): Data;
}

const encoder = new TextEncoder();

/** The largest time a JavaScript Date holds; integers beyond it are far past what 64-bit doubles hold exactly. */
const MAX_DATE_MS = 8.64e15;

/**
 * A bitmap of 1s whose 0s (a column's nulls, a boolean column's falses) are kept as a list
 * until the bitmap is asked for: most values are present, and a present value then costs
 * nothing here.
 */
class Bitmap {
  private indices = new Int32Array(64);
  zeros = 0;

  /** Slot `index` is 0. */
  clear(index: number): void {
    if (this.zeros === this.indices.length) this.indices = grow(this.indices, this.zeros + 1);
    this.indices[this.zeros++] = index;
  }

  /**
   * The bitmap of `length` slots (0 past the end), or none when no slot is 0 and not
   * `always` (a validity bitmap without nulls is left out, as Arrow allows); the bitmap is
   * all 1s again afterwards.
   */
  take(length: number, always = false): Uint8Array | undefined {
    if (this.zeros === 0 && !always) return undefined;
    const size = (length + 7) >> 3;
    const bits = new Uint8Array(size).fill(0xff);
    if ((length & 7) !== 0) bits[size - 1] = (1 << (length & 7)) - 1;
    for (let k = 0; k < this.zeros; k++) {
      const index = this.indices[k];
      bits[index >> 3] &= ~(1 << (index & 7));
    }
    this.zeros = 0;
    return bits;
  }
}

function grow<T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(array: T, needed: number): T {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}


/**
 * Writes `text` as UTF-8 at `at` and returns where it ends. Most values (ids, IPs, names)
 * are short ASCII, written faster by a loop than by a TextEncoder call on a subarray.
 */
function writeUtf8(text: string, out: Uint8Array, at: number): number {
  const n = text.length;
  if (n > NATIVE_COPY_LENGTH) return at + encoder.encodeInto(text, out.subarray(at)).written;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return at + i + encoder.encodeInto(text.slice(i), out.subarray(at + i)).written;
    out[at + i] = code;
  }
  return at + n;
}

abstract class Base implements ColumnBuilder {
  abstract readonly type: DataType;
  protected length = 0;
  /** 0 for a null. */
  protected readonly validity = new Bitmap();

  constructor(protected readonly name: string) {}

  abstract get bytes(): number;
  abstract append(value: unknown): void;
  protected abstract data(nullBitmap: Uint8Array | undefined, nullCount: number): Data;

  finish(): Data {
    const nullCount = this.validity.zeros;
    const data = this.data(this.validity.take(this.length), nullCount);
    this.length = 0;
    return data;
  }

  protected mismatch(value: unknown, expected: string): never {
    throw new RunError('SINK_FAILED', `field ${this.name}: ${expected} expected for the columnar output, got ${JSON.stringify(value)}; the record schema does not fit the scenario's values`);
  }
}

export class StringColumn extends Base {
  readonly type = new (arrow().Utf8)();
  private offsets = new Int32Array(1024);
  private chars = new Uint8Array(1 << 16);
  /** `chars`, for interned ASCII values written in words. */
  private view = new DataView(this.chars.buffer);

  get bytes(): number {
    return this.offsets[this.length] + this.length * 4;
  }

  private growChars(needed: number): void {
    this.chars = grow(this.chars, needed);
    this.view = new DataView(this.chars.buffer);
  }

  append(value: unknown): void {
    const i = this.length++;
    if (i + 2 > this.offsets.length) this.offsets = grow(this.offsets, i + 2);
    const at = this.offsets[i];
    if (value === null || value === undefined) {
      this.validity.clear(i);
      this.offsets[i + 1] = at;
      return;
    }
    // Interned values repeat: their words are made once per scenario (a session's ids once per session).
    const words = value instanceof Sym && value.keepsBytes === true ? (value.asciiWords === undefined ? (value.asciiWords = asciiWords(value.text)) : value.asciiWords) : null;
    if (words === null) {
      this.offsets[i + 1] = this.writeOther(value, at);
      return;
    }
    if (at + words.length * 8 > this.chars.length) this.growChars(at + words.length * 8);
    this.offsets[i + 1] = writeWords(this.view, at, words, (value as Sym).text.length);
  }

  /** Writes a value that is not an interned ASCII text and returns where it ends: kept out of `append`, which V8 then inlines. */
  private writeOther(value: unknown, at: number): number {
    if (value instanceof Sym && value.keepsBytes) {
      const bytes = (value.encoded[Dialect.utf8] ??= encoder.encode(value.text));
      if (at + bytes.length > this.chars.length) this.growChars(at + bytes.length);
      this.chars.set(bytes, at);
      return at + bytes.length;
    }
    const text = typeof value === 'string' ? value : value instanceof Sym ? value.text : typeof value === 'number' || typeof value === 'boolean' ? String(value) : this.mismatch(value, 'text');
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (at + text.length * 3 > this.chars.length) this.growChars(at + text.length * 3);
    return writeUtf8(text, this.chars, at);
  }

  protected data(nullBitmap: Uint8Array | undefined, nullCount: number): Data {
    const n = this.length;
    return arrow().makeData({ type: this.type, length: n, nullCount, nullBitmap, valueOffsets: this.offsets.subarray(0, n + 1), data: this.chars.subarray(0, this.offsets[n]) });
  }
}

/** 64-bit integers (and timestamps in epoch ms) from numbers: two 32-bit halves, no BigInt per value. */
class Int64Based extends Base {
  private words = new Uint32Array(2048);

  /** `unit`: times are floored to this many ms (1000 when written to the second), as the text formats write them. */
  constructor(
    name: string,
    readonly type: Int64 | TimestampMillisecond,
    private readonly unit: number,
  ) {
    super(name);
    this.time = type instanceof arrow().TimestampMillisecond;
  }

  private readonly time: boolean;

  get bytes(): number {
    return this.length * 8;
  }

  append(value: unknown): void {
    const i = this.length++;
    if (2 * i + 2 > this.words.length) this.words = grow(this.words, 2 * i + 2);
    const time = this.time;
    if (typeof value !== 'number' && value !== null && value !== undefined) this.mismatch(value, time ? 'a time in epoch milliseconds' : 'a whole number');
    const whole = typeof value === 'number' ? Math.floor(value / this.unit) * this.unit : NaN;
    if (!time && typeof value === 'number' && whole !== value) this.mismatch(value, 'a whole number');
    // Null, and times out of the range of dates (written as null by the text formats too).
    if (!(Math.abs(whole) <= MAX_DATE_MS)) {
      this.validity.clear(i);
      this.words[2 * i] = this.words[2 * i + 1] = 0;
      return;
    }
    const high = Math.floor(whole / 4294967296);
    this.words[2 * i] = whole - high * 4294967296;
    this.words[2 * i + 1] = high;
  }

  protected data(nullBitmap: Uint8Array | undefined, nullCount: number): Data {
    const words = this.words.subarray(0, 2 * this.length);
    const data = new BigInt64Array(words.buffer, words.byteOffset, this.length);
    return this.type instanceof arrow().Int64
      ? arrow().makeData({ type: this.type, length: this.length, nullCount, nullBitmap, data })
      : arrow().makeData({ type: this.type, length: this.length, nullCount, nullBitmap, data });
  }
}

export class DoubleColumn extends Base {
  readonly type = new (arrow().Float64)();
  private values = new Float64Array(1024);

  get bytes(): number {
    return this.length * 8;
  }

  append(value: unknown): void {
    const i = this.length++;
    if (i + 1 > this.values.length) this.values = grow(this.values, i + 1);
    if (value === null || value === undefined) {
      this.validity.clear(i);
      this.values[i] = 0;
      return;
    }
    if (typeof value !== 'number') this.mismatch(value, 'a number');
    this.values[i] = value;
  }

  protected data(nullBitmap: Uint8Array | undefined, nullCount: number): Data {
    return arrow().makeData({ type: this.type, length: this.length, nullCount, nullBitmap, data: this.values.subarray(0, this.length) });
  }
}

export class BoolColumn extends Base {
  readonly type = new (arrow().Bool)();
  /** 0 for false (and under a null). */
  private readonly values = new Bitmap();

  get bytes(): number {
    return this.length >> 3;
  }

  append(value: unknown): void {
    const i = this.length++;
    if (value === null || value === undefined) {
      this.validity.clear(i);
      this.values.clear(i);
      return;
    }
    if (typeof value !== 'boolean') this.mismatch(value, 'true or false');
    if (!value) this.values.clear(i);
  }

  protected data(nullBitmap: Uint8Array | undefined, nullCount: number): Data {
    const data = this.values.take(this.length, true);
    return arrow().makeData({ type: this.type, length: this.length, nullCount, nullBitmap, data });
  }
}

/** A list per value: offsets into one child column of all the items. */
export class ListColumn extends Base {
  readonly type: List;
  private offsets = new Int32Array(1024);

  constructor(
    name: string,
    private readonly items: ColumnBuilder,
    itemsNullable: boolean,
  ) {
    super(name);
    this.type = new (arrow().List)(new (arrow().Field)('item', items.type, itemsNullable));
  }

  get bytes(): number {
    return this.length * 4 + this.items.bytes;
  }

  append(value: unknown): void {
    const i = this.length++;
    if (i + 2 > this.offsets.length) this.offsets = grow(this.offsets, i + 2);
    let count = 0;
    if (value === null || value === undefined) this.validity.clear(i);
    else {
      if (!Array.isArray(value)) this.mismatch(value, 'a list');
      for (const item of value) this.items.append(item);
      count = value.length;
    }
    this.offsets[i + 1] = this.offsets[i] + count;
  }

  protected data(nullBitmap: Uint8Array | undefined, nullCount: number): Data {
    return arrow().makeData({ type: this.type, length: this.length, nullCount, nullBitmap, valueOffsets: this.offsets.subarray(0, this.length + 1), child: this.items.finish() });
  }
}

/** A struct per value: a plain object whose members go to one child column each. */
export class StructColumn extends Base {
  readonly type: Struct;

  constructor(
    name: string,
    private readonly members: readonly { readonly name: string; readonly nullable: boolean; readonly builder: ColumnBuilder }[],
  ) {
    super(name);
    this.type = new (arrow().Struct)(members.map((m) => new (arrow().Field)(m.name, m.builder.type, m.nullable)));
  }

  get bytes(): number {
    let sum = this.length >> 3;
    for (const m of this.members) sum += m.builder.bytes;
    return sum;
  }

  append(value: unknown): void {
    const i = this.length++;
    const valid = value !== null && value !== undefined;
    if (valid && typeof value !== 'object') this.mismatch(value, 'an object');
    const object = value as Readonly<Record<string, unknown>> | null | undefined;
    for (const m of this.members) m.builder.append(object?.[m.name]);
    if (!valid) this.validity.clear(i);
  }

  /** A present struct whose members the caller appended to their builders itself (a dotted group, from a row's columns). */
  appendPresent(): void {
    this.length++;
  }

  protected data(nullBitmap: Uint8Array | undefined, nullCount: number): Data {
    return arrow().makeData({ type: this.type, length: this.length, nullCount, nullBitmap, children: this.members.map((m) => m.builder.finish()) });
  }
}


export function int64Column(name: string): ColumnBuilder {
  return new Int64Based(name, new (arrow().Int64)(), 1);
}

/**
 * Times in epoch ms, to the millisecond or (`seconds`) floored to the second, as the text
 * formats write them; `utc` false for a local time written without a zone (`iso-local`).
 */
export function timestampColumn(name: string, utc: boolean, seconds: boolean): ColumnBuilder {
  return new Int64Based(name, new (arrow().TimestampMillisecond)(utc ? 'UTC' : null), seconds ? 1000 : 1);
}
