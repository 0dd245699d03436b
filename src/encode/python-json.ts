import type { EventView, FieldValue, Layout, OutputSchema } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import { utf8, writeBytes, writeNumber, writeText } from './bytes.js';
import { Dialect } from './dialects.js';
import { pyFloatRepr, pyJsonDumps, pyJsonString } from './python-text.js';
import type { Encoder } from './types.js';

const PLAIN = 0;
const FLOAT = 1;
const TIME = 2;

interface Op {
  /** `, "key": `: the first member written skips the two-byte separator. */
  readonly key: Uint8Array;
  readonly column: number;
  readonly kind: typeof PLAIN | typeof FLOAT | typeof TIME;
}

const NULL = utf8('null');
const TRUE = utf8('true');
const FALSE = utf8('false');
const ZONE = utf8('+00:00"');
/** `.mmm000` for every millisecond 1..999 (microseconds, as datetime writes them), and two-digit seconds. */
const FRACTIONS = Array.from({ length: 1000 }, (_, ms) => utf8(`.${String(ms).padStart(3, '0')}000`));
const SECONDS = Array.from({ length: 60 }, (_, s) => utf8(String(s).padStart(2, '0')));
/** Room for one number or timestamp. */
const SCALAR_BYTES = 40;

/**
 * One JSON object per line, byte for byte as Python's `json.dumps` writes a record:
 * ", " and ": " separators, non-ASCII escaped, keys flat (a dotted name is one key),
 * floats in Python's repr, times in datetime.isoformat() (UTC, microseconds only
 * when not zero). This is the Imply event generator's default output.
 */
export class PythonJsonEncoder implements Encoder {
  readonly format = 'ndjson';
  private readonly plans: Op[][] = [];
  private cachedMinute = NaN;
  private minutePrefix: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly schema: OutputSchema,
    /** Fields whose numbers are floats: 5 is written 5.0. */
    private readonly floatFields: ReadonlySet<string> = new Set(),
  ) {}

  header(): null {
    return null;
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    const plan = this.plans[event.layout.id] ?? this.compile(event.layout);
    const values = event.values;
    const limit = out.length;
    let o = offset;
    if (o + 3 > limit) return -1;
    out[o++] = 123; // '{'
    let skip = 2;
    for (let i = 0; i < plan.length; i++) {
      const op = plan[i];
      const value = values[op.column];
      if (value === undefined) continue;
      const key = op.key;
      const n = key.length;
      if (o + n + SCALAR_BYTES > limit) return -1;
      for (let j = skip; j < n; j++) out[o++] = key[j]!;
      skip = 0;
      o = this.writeValue(value, op.kind, out, o, limit);
      if (o < 0) return -1;
    }
    if (o + 2 > limit) return -1;
    out[o++] = 125;
    out[o++] = 10;
    return o;
  }

  private writeValue(value: Exclude<FieldValue, undefined>, kind: Op['kind'], out: Uint8Array, o: number, limit: number): number {
    if (value instanceof Sym) {
      if (!value.keepsBytes) return writeString(value.text, out, o, limit);
      const bytes = value.encoded[Dialect.pythonJson] ?? (value.encoded[Dialect.pythonJson] = utf8(pyJsonString(value.text)));
      return o + bytes.length > limit ? -1 : writeBytes(out, o, bytes);
    }
    switch (typeof value) {
      case 'number':
        if (kind === TIME) return this.writeTime(value, out, o);
        if (kind === PLAIN && Number.isSafeInteger(value)) return writeNumber(out, o, value);
        return writeText(out, o, pyFloatRepr(value));
      case 'string':
        return writeString(value, out, o, limit);
      case 'boolean':
        return writeBytes(out, o, value ? TRUE : FALSE);
      default: {
        if (value === null) return writeBytes(out, o, NULL);
        const text = pyJsonDumps(value);
        return o + text.length > limit ? -1 : writeText(out, o, text);
      }
    }
  }

  /** `"2024-01-01T00:00:04.094000+00:00"`, the text up to the minute cached. */
  private writeTime(ms: number, out: Uint8Array, offset: number): number {
    const t = Math.floor(ms);
    const minute = Math.floor(t / 60_000);
    if (minute !== this.cachedMinute) {
      this.cachedMinute = minute;
      this.minutePrefix = utf8(`"${new Date(minute * 60_000).toISOString().slice(0, 17)}`);
    }
    let o = writeBytes(out, offset, this.minutePrefix);
    const inMinute = t - minute * 60_000;
    const seconds = Math.floor(inMinute / 1000);
    o = writeBytes(out, o, SECONDS[seconds]);
    const millis = inMinute - seconds * 1000;
    if (millis !== 0) o = writeBytes(out, o, FRACTIONS[millis]);
    return writeBytes(out, o, ZONE);
  }

  private compile(layout: Layout): Op[] {
    const ops = layout.columns.map((column): Op => {
      const field = this.schema.fields[column];
      const kind = field.time !== undefined ? TIME : this.floatFields.has(field.name) ? FLOAT : PLAIN;
      return { key: utf8(`, ${pyJsonString(field.name)}: `), column, kind };
    });
    this.plans[layout.id] = ops;
    return ops;
  }
}

/** Printable ASCII without quotes or backslashes goes straight in; anything else is escaped as Python does. */
function writeString(value: string, out: Uint8Array, offset: number, limit: number): number {
  const n = value.length;
  if (offset + n + 2 <= limit) {
    let o = offset;
    out[o++] = 34;
    let plain = true;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c === 34 || c === 92 || c > 0x7e) {
        plain = false;
        break;
      }
      out[o++] = c;
    }
    if (plain) {
      out[o++] = 34;
      return o;
    }
  }
  const text = pyJsonString(value);
  return offset + text.length > limit ? -1 : writeText(out, offset, text);
}
