import type { EventView, FieldValue, Layout, OutputSchema, TimeFormat } from '../engine/event.js';
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
  /** `,"key":null`. */
  readonly keyNull: Uint8Array;
  readonly column: number;
  /** For timestamp fields: writes the key and the time. */
  readonly time: TimestampWriter | null;
  /** How many fields, from this one on, are consecutive members of one object (a run cannot pass a nesting step). */
  readonly span: number;
  /** The run this field heads, as of `shapeEpoch` (see SessionRuns). */
  shape: RunShape | null;
  shapeEpoch: number;
}

/**
 * The columns a run covers. Interned, so that the same columns in two layouts (a session's
 * events of different states) share one cached run instead of rebuilding it at each switch.
 */
interface RunShape {
  /** Picks, with the session number, the slot of a cached run. */
  readonly id: number;
  readonly columns: readonly number[];
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
 *
 * Copying is the cost that matters (a record is a few hundred bytes in a dozen pieces), so
 * pieces are made few and large: a Sym keeps its last `,"key":value` member, and runs of
 * fields that stay the same over a session (user, ip, device, language, country, ...) are
 * kept encoded per session, checked by identity per event (see SessionRuns).
 */
export class NdjsonEncoder implements Encoder {
  readonly format = 'ndjson';
  private readonly plans: Op[][] = [];
  private readonly runs: SessionRuns;
  /** Where each open object starts: the position its `{` goes to. */
  private readonly starts = new Int32Array(MAX_DEPTH);

  constructor(private readonly schema: OutputSchema) {
    this.runs = new SessionRuns(schema.fields.length);
  }

  header(): null {
    return null;
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    const plan = this.plans[event.layout.id] ?? this.compile(event.layout);
    this.runs.tally();
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
        if (this.runs.steady(op)) {
          o = this.runs.write(event.session, plan, i, values, out, o, limit);
          if (o < 0) return -1;
          i += this.runs.written - 1;
          continue;
        }
        const value = values[op.column];
        if (value === undefined) continue;
        // A Sym made per session keeps no bytes of its own: with a million sessions open
        // that memory would add up (session runs keep its bytes, in a bounded table).
        if (value instanceof Sym && value.index >= 0) {
          const fused = value.fusedKey === op.key ? value.fused! : fuse(value, op.key);
          if (o + fused.length > limit) return -1;
          o = writeBytes(out, o, fused);
        } else if (value === null) {
          if (o + op.keyNull.length > limit) return -1;
          o = writeBytes(out, o, op.keyNull);
        } else {
          if (o + op.key.length + TimestampWriter.maxBytes > limit) return -1;
          o = op.time !== null && typeof value === 'number' ? op.time.write(out, o, value) : writeValue(value, out, writeBytes(out, o, op.key), limit);
          if (o < 0) return -1;
        }
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
    const field = (key: string, column: number, time: TimeFormat | undefined): Op => {
      const keyBytes = utf8(`,${key}:`);
      const writer = time === undefined ? null : new TimestampWriter(time, { quote: true, lead: keyBytes });
      return { kind: FIELD, key: keyBytes, keyNull: utf8(`,${key}:null`), column, time: writer, span: 1, shape: null, shapeEpoch: -1 };
    };
    const step = (kind: typeof OPEN | typeof CLOSE, key: string): Op => ({ kind, key: utf8(key), keyNull: NULL, column: -1, time: null, span: 1, shape: null, shapeEpoch: -1 });
    // Group by path: a nested object is written once, with all its members, where its
    // first member appears in the field order.
    const emit = (prefix: readonly string[], members: typeof fields): void => {
      const seen = new Set<string>();
      for (const member of members) {
        const head = member.path[prefix.length];
        if (member.path.length === prefix.length + 1) {
          ops.push(field(JSON.stringify(head), member.index, member.time));
        } else if (!seen.has(head)) {
          seen.add(head);
          if (prefix.length + 1 >= MAX_DEPTH) throw new Error(`field ${member.name} nests deeper than ${MAX_DEPTH} levels`);
          ops.push(step(OPEN, `,${JSON.stringify(head)}:`));
          emit([...prefix, head], members.filter((f) => f.path.length > prefix.length + 1 && f.path[prefix.length] === head));
          ops.push(step(CLOSE, ''));
        }
      }
    };
    emit([], fields);
    for (let i = ops.length - 1, next = 0; i >= 0; i--) {
      next = ops[i].kind === FIELD ? next + 1 : 0;
      (ops[i] as { span: number }).span = next;
    }
    this.plans[layout.id] = ops;
    return ops;
  }
}

/** Encodes `,"key":"value"` for a Sym and keeps it on the Sym. */
function fuse(sym: Sym, key: Uint8Array): Uint8Array {
  const value = sym.encoded[Dialect.json] ?? (sym.encoded[Dialect.json] = utf8(JSON.stringify(sym.text)));
  const fused = new Uint8Array(key.length + value.length);
  fused.set(key);
  fused.set(value, key.length);
  sym.fusedKey = key;
  sym.fused = fused;
  return fused;
}

/** A run's bytes, which depend only on its shape and its members' values. */
interface CachedRun {
  session: number;
  shape: RunShape | null;
  members: FieldValue[];
  bytes: Uint8Array;
}

/** Cached runs, in a table of fixed size: memory stays bounded however many sessions are open. */
const TABLE_BITS = 14;
/** The cache is checked every so many lookups, and rests (unused) for so many events when fewer hit than this. */
const PROBE_LOOKUPS = 8192;
const MIN_HIT_RATE = 0.3;
const REST_EVENTS = 100_000;

/** The table slot of a session's run of a shape: hashed, as session numbers and shape ids are both small and dense. */
function slotOf(session: number, shape: RunShape): number {
  return (Math.imul(session | 0, 0x9e3779b1) ^ Math.imul(shape.id + 1, 0x85ebca77)) >>> (32 - TABLE_BITS);
}

/**
 * Runs of consecutive fields whose values stay the same over a session, encoded once per
 * session and kept in a table indexed by session and shape. Which columns those are is
 * learnt: at first every column is taken to stay, and a column seen to change within a
 * session is left out of runs from then on (the time, the event type, a keyword), so after
 * a few events each run holds only steady columns and is written with a single copy.
 *
 * A cached run is used only when the same values fill it again, so a table slot taken over
 * by another session (or a session number of another engine) can cost a rebuild, never a
 * wrong byte.
 */
class SessionRuns {
  /** Columns seen to change within a session. */
  private readonly changing: Uint8Array;
  /** Bumped when `changing` grows: ops work out their shape again. */
  private epoch = 0;
  private readonly shapes = new Map<string, RunShape>();
  private readonly table: CachedRun[] = Array.from({ length: 1 << TABLE_BITS }, () => ({ session: -1, shape: null, members: [], bytes: new Uint8Array(0) }));
  /** Per slot, the last session whose run went there uncached. */
  private readonly seen = new Float64Array(1 << TABLE_BITS).fill(-1);
  /** Fields covered by the last `write`. */
  written = 0;
  /** Lookups and hits since the last check, and events left to rest (see `tally`). */
  private lookups = 0;
  private hits = 0;
  private resting = 0;

  constructor(columnCount: number) {
    this.changing = new Uint8Array(columnCount);
  }

  /** Whether a run starts at this field: its column has not been seen to change. */
  steady(op: Op): boolean {
    return this.changing[op.column] === 0 && this.resting === 0;
  }

  /**
   * Counts an event, and rests the cache when it seldom hits: with far more sessions open
   * than the table holds (each emitting once in a while), a lookup is a cache miss of the
   * processor that buys nothing. After a rest it is tried again.
   */
  tally(): void {
    if (this.resting > 0) {
      this.resting--;
      return;
    }
    if (this.lookups < PROBE_LOOKUPS) return;
    if (this.hits < this.lookups * MIN_HIT_RATE) this.resting = REST_EVENTS;
    this.lookups = 0;
    this.hits = 0;
  }

  /**
   * Writes the run starting at `plan[at]`: its cached bytes when the same values fill it,
   * else the members one by one, cached for the session's next event. Returns the new
   * offset, or -1 when it does not fit; `written` tells how many fields it covered.
   */
  write(session: number, plan: readonly Op[], at: number, values: readonly FieldValue[], out: Uint8Array, o: number, limit: number): number {
    const op = plan[at];
    const shape = op.shapeEpoch === this.epoch ? op.shape! : this.shapeAt(plan, at);
    const run = this.table[slotOf(session, shape)];
    this.lookups++;
    if (run.shape === shape) {
      const members = run.members;
      const columns = shape.columns;
      let same = 0;
      while (same < members.length && values[columns[same]] === members[same]) same++;
      if (same === members.length) {
        if (o + run.bytes.length > limit) return -1;
        this.hits++;
        this.written = members.length;
        return writeBytes(out, o, run.bytes);
      }
      if (run.session === session) {
        this.markChanging(columns[same]);
        // The run now ends before the changed column, or starts after it.
        if (same === 0) return this.writeFields(plan, at, 1, values, out, o, limit);
      }
    }
    // Cache a run from a session's second event on: a session seen once may never come back
    // (a million open sessions, each with one event so far), and building costs allocations.
    const slot = slotOf(session, shape);
    if (this.seen[slot] !== session) {
      this.seen[slot] = session;
      return this.writeFields(plan, at, shape.columns.length, values, out, o, limit);
    }
    return this.build(session, plan, at, values, out, o, limit);
  }

  /** Encodes the run field by field and caches its bytes. */
  private build(session: number, plan: readonly Op[], at: number, values: readonly FieldValue[], out: Uint8Array, o: number, limit: number): number {
    let shape = this.shapeAt(plan, at);
    const columns = shape.columns;
    let length = 0;
    while (length < columns.length) {
      const value = values[columns[length]];
      // Arrays and objects may be changed in place: identity says nothing about their contents.
      if (typeof value === 'object' && value !== null && !(value instanceof Sym)) {
        this.markChanging(columns[length]);
        break;
      }
      length++;
    }
    if (length === 0) return this.writeFields(plan, at, 1, values, out, o, limit);
    const start = o;
    o = this.writeFields(plan, at, length, values, out, o, limit);
    if (o < 0) return -1;
    if (length < columns.length) shape = this.shapeAt(plan, at);
    const members = new Array<FieldValue>(length);
    for (let j = 0; j < length; j++) members[j] = values[columns[j]];
    // A copy: the output buffer is about to be overwritten.
    const bytes = new Uint8Array(o - start);
    bytes.set(out.subarray(start, o));
    this.table[slotOf(session, shape)] = { session, shape, members, bytes };
    return o;
  }

  /** Writes `length` fields from `plan[at]` one by one. */
  private writeFields(plan: readonly Op[], at: number, length: number, values: readonly FieldValue[], out: Uint8Array, o: number, limit: number): number {
    for (let j = 0; j < length; j++) {
      const op = plan[at + j];
      const value = values[op.column];
      if (value === undefined) continue;
      if (o + op.key.length + TimestampWriter.maxBytes > limit) return -1;
      o = op.time !== null && typeof value === 'number' ? op.time.write(out, o, value) : writeValue(value, out, writeBytes(out, o, op.key), limit);
      if (o < 0) return -1;
    }
    this.written = length;
    return o;
  }

  private markChanging(column: number): void {
    if (this.changing[column] === 1) return;
    this.changing[column] = 1;
    this.epoch++;
  }

  /** The steady columns from `plan[at]` on, as one interned shape. */
  private shapeAt(plan: readonly Op[], at: number): RunShape {
    const op = plan[at];
    if (op.shapeEpoch === this.epoch) return op.shape!;
    const columns: number[] = [];
    for (let j = 0; j < op.span && this.changing[plan[at + j].column] === 0; j++) columns.push(plan[at + j].column);
    const name = columns.join(',');
    let shape = this.shapes.get(name);
    if (shape === undefined) {
      shape = { id: this.shapes.size, columns };
      this.shapes.set(name, shape);
    }
    op.shape = shape;
    op.shapeEpoch = this.epoch;
    return shape;
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
function writeValue(value: Exclude<FieldValue, undefined>, out: Uint8Array, o: number, limit: number): number {
  if (value instanceof Sym) {
    if (value.index < 0) return writeJsonString(value.text, out, o, limit);
    const bytes = value.encoded[Dialect.json] ?? (value.encoded[Dialect.json] = utf8(JSON.stringify(value.text)));
    if (o + bytes.length > limit) return -1;
    return writeBytes(out, o, bytes);
  }
  switch (typeof value) {
    case 'number':
      if (o + TimestampWriter.maxBytes > limit) return -1;
      return writeNumber(out, o, value);
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
