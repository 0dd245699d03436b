import type { EventView, FieldValue, Layout, OutputSchema, TimeFormat } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import { utf8, writeBytes } from './bytes.js';
import { writeJsonValue } from './json-value.js';
import { Dialect } from './dialects.js';
import { SessionRuns } from './session-runs.js';
import { TimestampWriter } from './timestamps.js';
import type { Encoder } from './types.js';

const OPEN = 0;
const CLOSE = 1;
const FIELD = 2;
const RUN = 3;

/** One step of a layout's plan: open a nested object, close one, write a field or a run of steady fields (and objects of them). */
interface Op {
  readonly kind: typeof OPEN | typeof CLOSE | typeof FIELD | typeof RUN;
  /** `,"key":` with its leading comma (for OPEN the key of the nested object). */
  readonly key: Uint8Array;
  /** `,"key":null`. */
  readonly keyNull: Uint8Array;
  readonly column: number;
  /** For timestamp fields: writes the key and the time. */
  readonly time: TimestampWriter | null;
  /** For RUN: its fields, and its number among the runs of all layouts (the same columns in two layouts share it). */
  readonly fields: readonly Op[];
  readonly run: number;
  /** For FIELD: the value is the same on every event of a session (FieldSpec.steady). */
  readonly steady: boolean;
}

const NULL = utf8('null');
const EMPTY = new Uint8Array(0);
/**
 * `,"key":` by key, one array per key across layouts and encoders: a Sym keeps its member for
 * the key array it was fused with, so a key made per layout would refuse it at every change of
 * layout (shop's product_id alternates between half a dozen of them), and one made per
 * encoder would refuse it in every run but the first on the same scenario (serve's streams).
 * Keys come from scenarios: few, but bounded all the same.
 */
const memberKeys = new Map<string, Uint8Array>();
const MAX_MEMBER_KEYS = 4096;

function memberKey(key: string): Uint8Array {
  let bytes = memberKeys.get(key);
  if (bytes === undefined) {
    bytes = utf8(`,${key}:`);
    if (memberKeys.size < MAX_MEMBER_KEYS) memberKeys.set(key, bytes);
  }
  return bytes;
}
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
 * Copying is the cost that matters (a record is a few hundred bytes in a dozen pieces, and
 * each copy costs about as much as 20 bytes), so pieces are made few and large: a Sym keeps
 * its last `,"key":value` member, and runs of consecutive steady fields (the same on every
 * event of a session: user, ip, device, language, country, ...) are kept encoded per
 * session (see SessionRuns).
 */
export class NdjsonEncoder implements Encoder {
  readonly format = 'ndjson';
  private readonly plans: Op[][] = [];
  /** Run numbers by their columns, across layouts. */
  private readonly runIds = new Map<string, number>();
  private readonly runs: SessionRuns;
  /** Where each open object starts: the position its `{` goes to. */
  private readonly starts = new Int32Array(MAX_DEPTH);

  constructor(private readonly schema: OutputSchema) {
    for (const layout of schema.layouts) this.compile(layout);
    // Runs of a layout seen later than this (none from a compiled scenario) may share slots: slower, still right.
    let stride = 1;
    while (stride < this.runIds.size) stride *= 2;
    this.runs = new SessionRuns(stride);
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
    this.runs.event(values, event.origin ?? values);
    for (let i = 0; i < plan.length; i++) {
      const op = plan[i];
      const kind = op.kind;
      if (kind === FIELD) {
        o = writeField(op, values[op.column], out, o, limit);
        if (o < 0) return -1;
      } else if (kind === RUN) {
        const cached = this.runs.find(event.session, op.run);
        if (cached !== null) {
          if (o + cached.length > limit) return -1;
          o = writeBytes(out, o, cached);
          continue;
        }
        const start = o;
        o = writeRun(op.fields, values, out, o, limit, starts, depth);
        if (o < 0) return -1;
        this.runs.keep(out, start, o);
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
    const field = (key: string, column: number, time: TimeFormat | undefined, steady: boolean): Op => {
      const keyBytes = memberKey(key);
      const writer = time === undefined ? null : new TimestampWriter(time, { quote: true, lead: keyBytes });
      return { kind: FIELD, key: keyBytes, keyNull: utf8(`,${key}:null`), column, time: writer, fields: [], run: -1, steady };
    };
    const step = (kind: typeof OPEN | typeof CLOSE, key: string): Op => ({ kind, key: utf8(key), keyNull: NULL, column: -1, time: null, fields: [], run: -1, steady: false });
    // Group by path: a nested object is written once, with all its members, where its
    // first member appears in the field order.
    const emit = (prefix: readonly string[], members: typeof fields): void => {
      const seen = new Set<string>();
      for (const member of members) {
        const head = member.path[prefix.length];
        if (member.path.length === prefix.length + 1) {
          ops.push(field(JSON.stringify(head), member.index, member.time, member.steady === true));
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
    const plan = this.withRuns(ops);
    this.plans[layout.id] = plan;
    return plan;
  }

  /**
   * The plan with consecutive steady fields made runs, and nested objects all of whose
   * members are steady (GA4's device, geo and traffic_source, Segment's campaign) taken into
   * the run around them: a run is kept per session as one piece, braces and keys included.
   */
  private withRuns(ops: readonly Op[]): Op[] {
    const plan: Op[] = [];
    let run: Op[] = [];
    const endRun = (): void => {
      if (run.length > 0) plan.push(this.runOf(run));
      run = [];
    };
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (op.kind === FIELD && op.steady) {
        run.push(op);
        continue;
      }
      if (op.kind === OPEN) {
        const end = closing(ops, i);
        const block = ops.slice(i, end + 1);
        if (block.every((o) => o.kind !== FIELD || o.steady)) {
          run.push(...block);
          i = end;
          continue;
        }
      }
      endRun();
      plan.push(op);
    }
    endRun();
    return plan;
  }

  /** A RUN op over steady fields (and objects of them); one alone is a run too, as its bytes (key and value) are then a single copy. */
  private runOf(fields: Op[]): Op {
    // The same columns in the same order nest the same way: their paths say how.
    const name = fields.map((f) => f.column).join(',');
    let run = this.runIds.get(name);
    if (run === undefined) this.runIds.set(name, (run = this.runIds.size));
    return { kind: RUN, key: EMPTY, keyNull: NULL, column: -1, time: null, fields, run, steady: false };
  }
}

/** The index of the CLOSE that ends the object opened at `open`. */
function closing(ops: readonly Op[], open: number): number {
  let depth = 0;
  for (let i = open; ; i++) {
    if (ops[i].kind === OPEN) depth++;
    else if (ops[i].kind === CLOSE && --depth === 0) return i;
  }
}

/** Writes a run's ops, fields and whole objects; returns -1 when they do not fit. */
function writeRun(ops: readonly Op[], values: readonly FieldValue[], out: Uint8Array, o: number, limit: number, starts: Int32Array, depth: number): number {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.kind === FIELD) {
      o = writeField(op, values[op.column], out, o, limit);
      if (o < 0) return -1;
    } else if (op.kind === OPEN) {
      if (o + op.key.length > limit) return -1;
      o = writeBytes(out, o, op.key);
      starts[++depth] = o;
    } else {
      if (o + 2 > limit) return -1;
      o = closeObject(out, starts[depth--], o);
    }
  }
  return o;
}

/** Writes `,"key":value` for one field; nothing for an absent value. Returns -1 when it does not fit. */
function writeField(op: Op, value: FieldValue, out: Uint8Array, o: number, limit: number): number {
  if (value === undefined) return o;
  // A Sym made per session keeps no bytes of its own: with a million sessions open that
  // memory would add up (session runs keep its bytes, in a bounded table).
  if (value instanceof Sym && value.index >= 0) {
    if (value.fusedKey === op.key || value.fusedKey === null) {
      const fused = value.fusedKey === op.key ? value.fused! : fuse(value, op.key);
      if (o + fused.length > limit) return -1;
      return writeBytes(out, o, fused);
    }
    // Under a second key (user-behavior's "home" is a page category and a product category)
    // the value keeps the member of its first: making one per change of key cost more than two copies.
    const encoded = jsonBytes(value);
    if (o + op.key.length + encoded.length > limit) return -1;
    return writeBytes(out, writeBytes(out, o, op.key), encoded);
  }
  if (value === null) {
    if (o + op.keyNull.length > limit) return -1;
    return writeBytes(out, o, op.keyNull);
  }
  if (o + op.key.length + TimestampWriter.maxBytes > limit) return -1;
  return op.time !== null && typeof value === 'number' ? op.time.write(out, o, value) : writeJsonValue(value, out, writeBytes(out, o, op.key), limit);
}

/** Encodes `,"key":"value"` for a Sym and keeps it on the Sym. */
function fuse(sym: Sym, key: Uint8Array): Uint8Array {
  const value = jsonBytes(sym);
  const fused = new Uint8Array(key.length + value.length);
  fused.set(key);
  fused.set(value, key.length);
  sym.fusedKey = key;
  sym.fused = fused;
  return fused;
}

function jsonBytes(sym: Sym): Uint8Array {
  return sym.encoded[Dialect.json] ?? (sym.encoded[Dialect.json] = utf8(JSON.stringify(sym.text)));
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
