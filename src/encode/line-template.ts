import type { EventView, OutputSchema } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import { UsageError } from '../errors.js';
import { parseTemplate } from '../scenario/refs.js';
import { utf8, valueText, writeBytes, writeText } from './bytes.js';
import { Dialect } from './dialects.js';
import { TimestampWriter } from './timestamps.js';
import type { Encoder } from './types.js';

interface Piece {
  readonly literal: Uint8Array;
  readonly column: number;
  readonly time: TimestampWriter | null;
  /** `{field:04}`: numbers zero-padded to this many digits (0: as they are). */
  readonly width: number;
}

/** A value's line breaks are written as `\n` and `\r`, so a value never splits its record. */
function oneLine(text: string): string {
  return /[\r\n]/.test(text) ? text.replaceAll('\r', '\\r').replaceAll('\n', '\\n') : text;
}

/**
 * Lines from a format file with `{field}` placeholders (`{{` and `}}` are literal
 * braces; `\t` and `\n` escapes are tabs and newlines; `{field:04}` zero-pads a number).
 * Values are written as plain text, their own line breaks as `\n` and `\r`; a field an
 * event lacks is empty.
 */
export class LineTemplateEncoder implements Encoder {
  readonly format = 'template';
  private readonly pieces: Piece[];
  private readonly tail: Uint8Array;

  constructor(schema: OutputSchema, template: string, source: string) {
    const text = template.replace(/\r?\n$/, '').replaceAll('\\t', '\t').replaceAll('\\n', '\n');
    const parts = parseTemplate(text);
    if (typeof parts === 'string') throw new UsageError('FORMAT_FILE', `${source}: ${parts}`);
    const available = schema.fields.map((f) => f.name);
    const unknown = parts.filter((p) => p.ref !== undefined && !available.includes(p.ref)).map((p) => p.ref!);
    if (unknown.length > 0) {
      throw new UsageError(
        'FORMAT_FILE',
        `${source}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{${u}}`).join(', ')}; the scenario's fields are ${available.join(', ')}`,
      );
    }
    this.pieces = parts
      .filter((p) => p.ref !== undefined)
      .map((p) => {
        const field = schema.fields[schema.indexOf(p.ref!)];
        return {
          literal: utf8(p.literal),
          column: field.index,
          time: field.time === undefined ? null : new TimestampWriter(field.time, { quote: false }),
          width: p.width ?? 0,
        };
      });
    const last = parts[parts.length - 1];
    this.tail = utf8(`${last.ref === undefined ? last.literal : ''}\n`);
  }

  header(): null {
    return null;
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    const limit = out.length;
    let o = offset;
    for (const piece of this.pieces) {
      if (o + piece.literal.length + TimestampWriter.maxBytes > limit) return -1;
      o = writeBytes(out, o, piece.literal);
      const value = event.layout.columns.includes(piece.column) ? event.values[piece.column] : undefined;
      if (value instanceof Sym && value.keepsBytes) {
        const bytes = value.encoded[Dialect.text] ?? (value.encoded[Dialect.text] = utf8(oneLine(value.text)));
        if (o + bytes.length > limit) return -1;
        o = writeBytes(out, o, bytes);
      } else if (typeof value === 'number' && piece.time !== null) {
        o = piece.time.write(out, o, value);
      } else {
        const text = typeof value === 'number' && piece.width > 0 ? String(value).padStart(piece.width, '0') : oneLine(valueText(value));
        if (o + text.length * 3 > limit) return -1;
        o = writeText(out, o, text);
      }
    }
    if (o + this.tail.length > limit) return -1;
    return writeBytes(out, o, this.tail);
  }
}
