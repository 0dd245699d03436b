import type avro from 'avsc';
import type { EventView, FieldValue, Layout, OutputSchema } from '../../engine/event.js';
import { BySymIndex, Sym } from '../../engine/sym.js';
import { Uuid } from '../../engine/uuid.js';
import { NATIVE_COPY_LENGTH, utf8, writeBytes } from '../bytes.js';
import { SessionRuns } from '../session-runs.js';
import { Dialect } from '../dialects.js';
import { lazyPackage } from '../lazy-package.js';
import { writtenToTheSecond } from '../../time/time-text.js';

const avsc = lazyPackage<typeof avro>('avsc');

const encoder = new TextEncoder();

/** A growable output the writers append to; `ensure` makes room for `n` more bytes. */
export class AvroOutput {
  bytes = new Uint8Array(1 << 17);
  pos = 0;
  private readonly view = { f64: new Float64Array(1), f32: new Float32Array(1) };
  private readonly f64Bytes = new Uint8Array(this.view.f64.buffer);
  private readonly f32Bytes = new Uint8Array(this.view.f32.buffer);

  ensure(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + n));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }

  /** An Avro long (zig-zag, base-128 varint); at most 10 bytes. */
  long(n: number): void {
    this.ensure(10);
    const out = this.bytes;
    let o = this.pos;
    let z = n >= 0 ? n * 2 : -n * 2 - 1;
    // Beyond 31 bits (epoch milliseconds) division; below, shifts.
    while (z > 0x7fffffff) {
      out[o++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    while (z >= 0x80) {
      out[o++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    out[o++] = z;
    this.pos = o;
  }

  double(x: number): void {
    this.ensure(8);
    this.view.f64[0] = x;
    this.bytes.set(this.f64Bytes, this.pos);
    this.pos += 8;
  }

  float(x: number): void {
    this.ensure(4);
    this.view.f32[0] = x;
    this.bytes.set(this.f32Bytes, this.pos);
    this.pos += 4;
  }

  byte(b: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = b;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.pos = writeBytes(this.bytes, this.pos, bytes);
  }

  /** A UUID as an Avro string: its length (36, one zig-zag byte) and its digits, written from its bits. */
  uuid(id: Uuid): void {
    this.ensure(37);
    this.bytes[this.pos] = 36 * 2;
    this.pos = id.writeDigits(this.bytes, this.pos + 1);
  }

  string(text: string): void {
    // A JS string of n code units is at most 3n UTF-8 bytes.
    const n = text.length;
    this.ensure(n * 3 + 10);
    const start = this.pos;
    // ASCII (almost always): the length is the number of characters, written in one pass.
    this.long(n);
    if (n > NATIVE_COPY_LENGTH) {
      // As many bytes as characters only when every character is ASCII.
      if (encoder.encodeInto(text, this.bytes.subarray(this.pos)).written === n) {
        this.pos += n;
        return;
      }
      this.pos = start;
      this.raw(stringBytes(text));
      return;
    }
    const out = this.bytes;
    let o = this.pos;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = start;
        this.raw(stringBytes(text));
        return;
      }
      out[o++] = c;
    }
    this.pos = o;
  }
}

/** Length and UTF-8 bytes of a string, as Avro writes it (kept on Syms, and for text that is not ASCII). */
function stringBytes(text: string): Uint8Array {
  const body = utf8(text);
  // The length's zig-zag varint: a string is far shorter than 2^30 bytes, so shifts suffice.
  const head: number[] = [];
  let z = body.length * 2;
  while (z >= 0x80) {
    head.push((z & 0x7f) | 0x80);
    z >>>= 7;
  }
  head.push(z);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** Writes one value of an Avro type. */
type Write = (out: AvroOutput, value: unknown) => void;
/** Writes one field (or a run of steady fields) of an event from its column values. */
type WriteField = (out: AvroOutput, values: readonly FieldValue[], session: number) => void;

/** What the writer reads of an event. */
export type AvroEvent = Pick<EventView, 'layout' | 'values' | 'origin' | 'session'>;

/**
 * Writes events as Avro binary records of a given schema (the derived one or a user's),
 * straight from their column values: one plan per layout, interned strings written from
 * bytes kept on their Sym, no object per event. Values follow the record schema's types
 * (derive.ts); a user schema was checked to hold them (user-schema.ts).
 *
 * Consecutive fields that are steady (the same on every event of a session: user, ip,
 * device, session id, ...) are written as one run whose bytes are kept per session, as
 * the NDJSON encoder keeps its runs (SessionRuns): each later event of the session
 * copies them at once.
 */
export class AvroRecordWriter {
  private readonly plans: (WriteField[] | undefined)[] = [];
  /** Run numbers by their columns, across layouts. */
  private readonly runIds = new Map<string, number>();
  private readonly runs: SessionRuns;

  constructor(
    private readonly type: avro.types.RecordType,
    private readonly output: OutputSchema,
  ) {
    for (const layout of output.layouts) this.plans[layout.id] = this.compile(layout);
    // Runs of a layout seen later than this (none from a compiled scenario) may share slots: slower, still right.
    let stride = 1;
    while (stride < this.runIds.size) stride *= 2;
    this.runs = new SessionRuns(stride);
  }

  write(out: AvroOutput, event: AvroEvent): void {
    const plan = this.plans[event.layout.id] ?? (this.plans[event.layout.id] = this.compile(event.layout));
    const values = event.values;
    const session = event.session;
    this.runs.event(values, event.origin ?? values);
    for (let i = 0; i < plan.length; i++) plan[i](out, values, session);
  }

  private compile(layout: Layout): WriteField[] {
    const present = new Set(layout.columns);
    const plan: WriteField[] = [];
    let run: { readonly columns: number[]; readonly writers: WriteField[] } = { columns: [], writers: [] };
    const endRun = (): void => {
      if (run.writers.length > 0) plan.push(this.runOf(run.columns, run.writers));
      run = { columns: [], writers: [] };
    };
    const writers = this.fieldWriters(this.type, [], present);
    this.type.fields.forEach((field, i) => {
      const write = writers[i];
      const column = this.output.indexOf(field.name);
      if (column >= 0 && present.has(column) && this.output.fields[column].steady === true) {
        run.columns.push(column);
        run.writers.push(write);
      } else {
        endRun();
        plan.push(write);
      }
    });
    endRun();
    return plan;
  }

  /** A run of steady fields, written once per session and copied from then on. */
  private runOf(columns: readonly number[], writers: readonly WriteField[]): WriteField {
    const name = columns.join(',');
    let id = this.runIds.get(name);
    if (id === undefined) this.runIds.set(name, (id = this.runIds.size));
    const runId = id;
    return (out, values, session) => {
      const cached = this.runs.find(session, runId);
      if (cached !== null) {
        out.raw(cached);
        return;
      }
      const start = out.pos;
      for (let i = 0; i < writers.length; i++) writers[i](out, values, session);
      this.runs.keep(out.bytes, start, out.pos);
    };
  }

  private fieldWriters(type: avro.types.RecordType, prefix: readonly string[], present: ReadonlySet<number>): WriteField[] {
    return type.fields.map((field) => {
      const path = [...prefix, field.name];
      const column = this.output.indexOf(path.join('.'));
      const write = writerFor(field.type);
      if (column >= 0) {
        if (!present.has(column)) return (out) => write(out, null);
        // A time the text formats write to the second is stored to the second, as Parquet stores it.
        if (writtenToTheSecond(this.output.fields[column].time)) return (out, values) => write(out, toTheSecond(values[column]));
        return (out, values) => write(out, values[column]);
      }
      // A group of dotted columns: written from the columns when the event has any of them.
      const name = `${path.join('.')}.`;
      const record = unwrapRecord(field.type);
      const hasMember = record !== null && this.output.fields.some((f) => f.name.startsWith(name) && present.has(f.index));
      if (!hasMember) return (out) => write(out, null);
      const members = this.fieldWriters(record, path, present);
      const branch = nonNullBranch(field.type);
      return (out, values, session) => {
        if (branch >= 0) out.long(branch);
        for (let i = 0; i < members.length; i++) members[i](out, values, session);
      };
    });
  }
}

/** A time in epoch ms floored to the second; any other value (null, a drifted field's text) as it is. */
function toTheSecond(value: FieldValue): FieldValue {
  return typeof value === 'number' ? Math.floor(value / 1000) * 1000 : value;
}

function unwrapRecord(type: avro.Type): avro.types.RecordType | null {
  if (type instanceof avsc().types.RecordType) return type;
  const types = unionTypes(type);
  const record = types?.find((t) => t instanceof avsc().types.RecordType);
  return (record) ?? null;
}

function unionTypes(type: avro.Type): avro.Type[] | null {
  return type instanceof avsc().types.UnwrappedUnionType || type instanceof avsc().types.WrappedUnionType ? (type as unknown as { types: avro.Type[] }).types : null;
}

/** The branch of a [null, T] union that is not null; -1 for a type that is no union. */
function nonNullBranch(type: avro.Type): number {
  const types = unionTypes(type);
  return types === null ? -1 : types.findIndex((t) => t.typeName !== 'null');
}

/** A writer for values of `type` as the engine holds them: Syms, numbers, plain objects and lists. */
export function writerFor(type: avro.Type): Write {
  const types = unionTypes(type);
  if (types !== null) {
    const nullAt = types.findIndex((t) => t.typeName === 'null');
    const otherAt = types.findIndex((t) => t.typeName !== 'null');
    const other = writerFor(types[otherAt]);
    // A branch index below 64 is one byte: its zig-zag.
    const nullByte = nullAt * 2;
    const otherByte = otherAt * 2;
    if (types.length > 64) throw new Error('Avro unions of more than 64 branches are not written by clickgen');
    return (out, v) => {
      if (v === null || v === undefined) out.byte(nullByte);
      else {
        out.byte(otherByte);
        other(out, v);
      }
    };
  }
  if (type instanceof avsc().types.RecordType) return recordWriter(type.fields.map((f) => f.name), type.fields.map((f) => writerFor(f.type)));
  if (type instanceof avsc().types.ArrayType) {
    const item = writerFor(type.itemsType);
    return (out, v) => {
      const list = v as readonly unknown[];
      if (list.length > 0) {
        out.long(list.length);
        for (const x of list) item(out, x);
      }
      out.byte(0);
    };
  }
  if (type instanceof avsc().types.EnumType) {
    const index = new Map(type.symbols.map((s, i) => [s, i]));
    // Interned values look their symbol up once per run, by their place in the scenario's table (kept + 1).
    const bySym = new BySymIndex();
    const symbolOf = (v: Sym): number => {
      const kept = bySym.get(v.index);
      if (kept > 0) return kept - 1;
      const symbol = index.get(v.text)!;
      bySym.set(v.index, symbol + 1);
      return symbol;
    };
    return (out, v) => {
      if (v instanceof Sym && v.index >= 0) out.long(symbolOf(v));
      else out.long(index.get(String(v))!);
    };
  }
  switch (type.typeName) {
    case 'string':
      return writeString;
    case 'long':
    case 'int':
      return (out, v) => out.long(v as number);
    case 'double':
      return (out, v) => out.double(v as number);
    case 'float':
      return (out, v) => out.float(v as number);
    case 'boolean':
      return (out, v) => out.byte(v === true ? 1 : 0);
    case 'null':
      return () => undefined;
    default:
      throw new Error(`Avro type ${type.typeName} is not written by clickgen`);
  }
}

/**
 * Writes a nested record's fields from a plain object, one field after the other. The code is
 * made per record type, as avsc makes its own: each field is read at a site of its own, where
 * one shared `source[name]` read saw every object shape of the scenario (GA4's parameters,
 * items, device) and was a megamorphic lookup per field.
 */
function recordWriter(names: readonly string[], writes: readonly Write[]): Write {
  const body = names.map((name, i) => `w[${i}](out, v[${JSON.stringify(name)}]);`).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the schema's field names, quoted by JSON.stringify
  const make = new Function('w', `return (out, v) => {\n${body}\n};`) as (w: readonly Write[]) => Write;
  return make(writes);
}

/** Interned values keep their Avro bytes: a value from a fixed list is converted once per run. */
function writeString(out: AvroOutput, v: unknown): void {
  if (v instanceof Sym) {
    if (v.index >= 0) {
      out.raw((v.encoded[Dialect.avro] ??= stringBytes(v.text)));
      return;
    }
    if (v instanceof Uuid) out.uuid(v);
    else out.string(v.text);
    return;
  }
  out.string(typeof v === 'string' ? v : String(v));
}
