import type { EventView, OutputSchema } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import { Uuid } from '../engine/uuid.js';
import { utf8, valueText, writeBytes, writeText } from './bytes.js';
import { Dialect } from './dialects.js';
import { TimestampWriter } from './timestamps.js';
import type { Encoder } from './types.js';

/**
 * CSV (RFC 4180: cells with a comma, quote or line break are quoted, quotes doubled)
 * and TSV (tab, newline, carriage return and backslash escaped as \t \n \r \\). One
 * column per scenario field, in order; a field an event lacks is an empty cell.
 */
export class DelimitedEncoder implements Encoder {
  readonly format: 'csv' | 'tsv';
  private readonly separator: number;
  private readonly dialect: number;
  private readonly escape: (text: string) => string;
  private readonly times: (TimestampWriter | null)[];
  private readonly headerBytes: Uint8Array | null;
  /** Per layout: 1 where the column is present. */
  private readonly masks: Uint8Array[] = [];

  constructor(
    private readonly schema: OutputSchema,
    format: 'csv' | 'tsv',
    withHeader: boolean,
  ) {
    this.format = format;
    this.separator = format === 'csv' ? 44 : 9;
    this.dialect = format === 'csv' ? Dialect.csv : Dialect.tsv;
    this.escape = format === 'csv' ? csvCell : tsvCell;
    this.times = schema.fields.map((f) => (f.time === undefined ? null : new TimestampWriter(f.time, { quote: false })));
    const sep = format === 'csv' ? ',' : '\t';
    this.headerBytes = withHeader ? utf8(`${schema.fields.map((f) => this.escape(f.name)).join(sep)}\n`) : null;
  }

  header(): Uint8Array | null {
    return this.headerBytes;
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    const mask = this.masks[event.layout.id] ?? this.compile(event);
    const values = event.values;
    const columns = this.schema.fields.length;
    const limit = out.length;
    let o = offset;
    for (let c = 0; c < columns; c++) {
      if (c > 0) {
        if (o + 1 > limit) return -1;
        out[o++] = this.separator;
      }
      if (mask[c] === 0) continue;
      const value = values[c];
      if (value === undefined || value === null) continue;
      if (value instanceof Sym && value.keepsBytes) {
        const bytes = value.encoded[this.dialect] ?? (value.encoded[this.dialect] = utf8(this.escape(value.text)));
        if (o + bytes.length > limit) return -1;
        o = writeBytes(out, o, bytes);
        continue;
      }
      if (value instanceof Uuid) {
        // Hex digits and dashes: nothing to quote or escape in any dialect.
        if (o + 36 > limit) return -1;
        o = value.writeDigits(out, o);
        continue;
      }
      const time = this.times[c];
      if (typeof value === 'number' && time !== null && time !== undefined) {
        if (o + TimestampWriter.maxBytes > limit) return -1;
        o = time.write(out, o, value);
        continue;
      }
      const text = this.escape(valueText(value));
      if (o + text.length * 3 > limit) return -1;
      o = writeText(out, o, text);
    }
    if (o + 1 > limit) return -1;
    out[o++] = 10;
    return o;
  }

  private compile(event: EventView): Uint8Array {
    const mask = new Uint8Array(this.schema.fields.length);
    for (const c of event.layout.columns) mask[c] = 1;
    this.masks[event.layout.id] = mask;
    return mask;
  }
}

const CSV_SPECIAL = /[",\r\n]/;

function csvCell(text: string): string {
  return CSV_SPECIAL.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const TSV_SPECIAL = /[\t\r\n\\]/g;
const TSV_ESCAPES: Record<string, string> = { '\t': '\\t', '\r': '\\r', '\n': '\\n', '\\': '\\\\' };

function tsvCell(text: string): string {
  return text.replace(TSV_SPECIAL, (ch) => TSV_ESCAPES[ch]);
}
