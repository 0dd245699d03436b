import type { EventView, FieldValue, Layout, OutputSchema } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import { utf8, writeBytes, writeNumber, writeText } from './bytes.js';
import { Dialect } from './dialects.js';
import { TimestampWriter } from './timestamps.js';
import type { Encoder } from './types.js';

const OPEN = 0;
const CLOSE = 1;
const FIELD = 2;

/** One step of a layout's plan: open a nested object, close one, or write a field. */
interface Op {
  readonly kind: typeof OPEN | typeof CLOSE | typeof FIELD;
  /** `,"key":` with its leading comma (for OPEN the key of the nested object). */
  readonly key: Uint8Array;
  readonly column: number;
  readonly time: TimestampWriter | null;
}

const TRUE = utf8('true');
const FALSE = utf8('false');
const NULL = utf8('null');
const MAX_DEPTH = 32;

/**
 * NDJSON, one object per line, keys in the scenario's field order, dotted names nested.
 * Keys, interned values and the structure of each layout are encoded once; per event
 * only values are written, straight into the output buffer.
 *
 * Every member is written with a leading comma (`,"key":value`); when an object closes,
 * the comma of its first member is overwritten with `{`. So a field left out at random
 * (missing_rate) costs nothing and needs no bookkeeping per member.
 */
export class NdjsonEncoder implements Encoder {
  readonly format = 'ndjson';
  private readonly plans: Op[][] = [];
  private readonly times: (TimestampWriter | null)[];
  /** Where each open object starts: the position its `{` goes to. */
  private readonly starts = new Int32Array(MAX_DEPTH);

  constructor(private readonly schema: OutputSchema) {
    this.times = schema.fields.map((f) => (f.time === undefined ? null : new TimestampWriter(f.time)));
  }

  header(): null {
    return null;
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    const plan = this.plans[event.layout.id] ?? this.compile(event.layout);
    const values = event.values;
    const limit = out.length;
    const starts = this.starts;
    let depth = 0;
    let o = offset;
    starts[0] = o;
    for (let i = 0; i < plan.length; i++) {
      const op = plan[i];
      const kind = op.kind;
      if (kind === FIELD) {
        const value = values[op.column];
        if (value === undefined) continue;
        const key = op.key;
        if (o + key.length > limit) return -1;
        o = writeBytes(out, o, key);
        o = writeValue(value, op.time, out, o, limit);
        if (o < 0) return -1;
      } else if (kind === OPEN) {
        if (o + op.key.length > limit) return -1;
        o = writeBytes(out, o, op.key);
        starts[++depth] = o;
      } else {
        if (o + 2 > limit) return -1;
        o = closeObject(out, starts[depth--], o);
      }
    }
    if (o + 3 > limit) return -1;
    o = closeObject(out, starts[0], o);
    out[o++] = 10;
    return o;
  }

  private compile(layout: Layout): Op[] {
    const fields = layout.columns.map((c) => this.schema.fields[c]);
    const ops: Op[] = [];
    // Group by path: a nested object is written once, with all its members, where its
    // first member appears in the field order.
    const emit = (prefix: readonly string[], members: typeof fields): void => {
      const seen = new Set<string>();
      for (const field of members) {
        const head = field.path[prefix.length];
        if (field.path.length === prefix.length + 1) {
          ops.push({ kind: FIELD, key: utf8(`,${JSON.stringify(head)}:`), column: field.index, time: this.times[field.index]! });
        } else if (!seen.has(head)) {
          seen.add(head);
          if (prefix.length + 1 >= MAX_DEPTH) throw new Error(`field ${field.name} nests deeper than ${MAX_DEPTH} levels`);
          ops.push({ kind: OPEN, key: utf8(`,${JSON.stringify(head)}:`), column: -1, time: null });
          emit([...prefix, head], members.filter((f) => f.path.length > prefix.length + 1 && f.path[prefix.length] === head));
          ops.push({ kind: CLOSE, key: new Uint8Array(0), column: -1, time: null });
        }
      }
    };
    emit([], fields);
    this.plans[layout.id] = ops;
    return ops;
  }
}

/** Ends the object whose members start at `start`: `{` replaces the first member's comma, or `{}` when it has none. */
function closeObject(out: Uint8Array, start: number, o: number): number {
  if (o === start) {
    out[o++] = 123;
  } else {
    out[start] = 123;
  }
  out[o++] = 125;
  return o;
}

/** Writes one JSON value; returns -1 when it does not fit before `limit`. */
function writeValue(value: Exclude<FieldValue, undefined>, time: TimestampWriter | null, out: Uint8Array, o: number, limit: number): number {
  if (value instanceof Sym) {
    const bytes = value.encoded[Dialect.json] ?? (value.encoded[Dialect.json] = utf8(JSON.stringify(value.text)));
    if (o + bytes.length > limit) return -1;
    return writeBytes(out, o, bytes);
  }
  switch (typeof value) {
    case 'number':
      if (o + TimestampWriter.maxBytes > limit) return -1;
      return time === null ? writeNumber(out, o, value) : time.write(out, o, value, true);
    case 'string':
      return writeJsonString(value, out, o, limit);
    case 'boolean':
      if (o + 5 > limit) return -1;
      return writeBytes(out, o, value ? TRUE : FALSE);
    default: {
      if (value === null) {
        if (o + 4 > limit) return -1;
        return writeBytes(out, o, NULL);
      }
      const text = JSON.stringify(value);
      if (o + text.length * 3 > limit) return -1;
      return writeText(out, o, text);
    }
  }
}

function writeJsonString(value: string, out: Uint8Array, offset: number, limit: number): number {
  const n = value.length;
  if (offset + n * 3 + 2 > limit) {
    // Escapes can make a string up to six times longer: measure exactly before giving up.
    const text = JSON.stringify(value);
    if (offset + Buffer.byteLength(text) > limit) return -1;
    return writeText(out, offset, text);
  }
  let o = offset;
  out[o++] = 34;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || c > 0x7e) return writeText(out, offset, JSON.stringify(value));
    out[o++] = c;
  }
  out[o++] = 34;
  return o;
}
