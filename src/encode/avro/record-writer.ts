import type avro from 'avsc';
import type { FieldValue, Layout, OutputSchema } from '../../engine/event.js';
import { Sym } from '../../engine/sym.js';
import { utf8 } from '../bytes.js';
import { Dialect } from '../dialects.js';
import { lazyPackage } from '../lazy-package.js';

const avsc = lazyPackage<typeof avro>('avsc');

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
    const out = this.bytes;
    let o = this.pos;
    for (let i = 0; i < bytes.length; i++) out[o++] = bytes[i];
    this.pos = o;
  }

  string(text: string): void {
    // A JS string of n code units is at most 3n UTF-8 bytes.
    const n = text.length;
    this.ensure(n * 3 + 10);
    const start = this.pos;
    // ASCII (almost always): the length is the number of characters, written in one pass.
    this.long(n);
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

/** Length and UTF-8 bytes of a string, as Avro writes it. */
function stringBytes(text: string): Uint8Array {
  const body = utf8(text);
  const head = new AvroOutput();
  head.long(body.length);
  const out = new Uint8Array(head.pos + body.length);
  out.set(head.bytes.subarray(0, head.pos));
  out.set(body, head.pos);
  return out;
}

/** Writes one value of an Avro type. */
type Write = (out: AvroOutput, value: unknown) => void;
/** Writes one field of an event from its column values. */
type WriteField = (out: AvroOutput, values: readonly FieldValue[]) => void;

/**
 * Writes events as Avro binary records of a given schema (the derived one or a user's),
 * straight from their column values: one plan per layout, interned strings written from
 * bytes kept on their Sym, no object per event. Values follow the record schema's types
 * (derive.ts); a user schema was checked to hold them (user-schema.ts).
 */
export class AvroRecordWriter {
  private readonly plans: (WriteField[] | undefined)[] = [];

  constructor(
    private readonly type: avro.types.RecordType,
    private readonly output: OutputSchema,
  ) {}

  write(out: AvroOutput, layout: Layout, values: readonly FieldValue[]): void {
    const plan = this.plans[layout.id] ?? (this.plans[layout.id] = this.compile(layout));
    for (let i = 0; i < plan.length; i++) plan[i](out, values);
  }

  private compile(layout: Layout): WriteField[] {
    return this.fieldWriters(this.type, [], new Set(layout.columns));
  }

  private fieldWriters(type: avro.types.RecordType, prefix: readonly string[], present: ReadonlySet<number>): WriteField[] {
    return type.fields.map((field) => {
      const path = [...prefix, field.name];
      const column = this.output.indexOf(path.join('.'));
      const write = writerFor(field.type);
      if (column >= 0) {
        if (!present.has(column)) return (out) => write(out, null);
        return (out, values) => write(out, values[column]);
      }
      // A group of dotted columns: written from the columns when the event has any of them.
      const name = `${path.join('.')}.`;
      const record = unwrapRecord(field.type);
      const hasMember = record !== null && this.output.fields.some((f) => f.name.startsWith(name) && present.has(f.index));
      if (!hasMember) return (out) => write(out, null);
      const members = this.fieldWriters(record, path, present);
      const branch = nonNullBranch(field.type);
      return (out, values) => {
        if (branch >= 0) out.long(branch);
        for (let i = 0; i < members.length; i++) members[i](out, values);
      };
    });
  }
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
    return (out, v) => {
      if (v === null || v === undefined) out.long(nullAt);
      else {
        out.long(otherAt);
        other(out, v);
      }
    };
  }
  if (type instanceof avsc().types.RecordType) {
    const fields = type.fields.map((f) => [f.name, writerFor(f.type)] as const);
    return (out, v) => {
      const source = v as Record<string, unknown>;
      for (const [name, write] of fields) write(out, source[name]);
    };
  }
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
    return (out, v) => out.long(index.get(String(v))!);
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

/** Interned values keep their Avro bytes: a value from a fixed list is converted once per run. */
function writeString(out: AvroOutput, v: unknown): void {
  if (v instanceof Sym) {
    if (v.index >= 0) {
      out.raw((v.encoded[Dialect.avro] ??= stringBytes(v.text)));
      return;
    }
    out.string(v.text);
    return;
  }
  out.string(typeof v === 'string' ? v : String(v));
}
