import type { EventView, OutputSchema } from '../engine/event.js';
import { UsageError } from '../errors.js';
import { writeText } from './bytes.js';
import { decodePythonEscapes } from './python-escapes.js';
import { pyDateTime, pyStr } from './python-text.js';
import { compileStrftime, type TimeFormatter } from './strftime.js';
import type { Encoder } from './types.js';

/** What a format file needs to know about the config it formats. */
export interface FormatFileContext {
  /** Each emitter's fields, for the message about unknown placeholders. */
  readonly emitters: ReadonlyMap<string, readonly string[]>;
  readonly floatFields: ReadonlySet<string>;
  /** Environment variables for `%NAME%`. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

interface Piece {
  readonly literal: string;
  /** The field's column, -1 after the last placeholder. */
  readonly column: number;
  /** Keys below the field, for a dotted name into an object (`request.path`). */
  readonly walk: readonly string[];
  readonly time: boolean;
  readonly isFloat: boolean;
  /** strftime format for a time (`{{time|%d/%b/%Y}}`); ignored for other values, as in the original. */
  readonly format: TimeFormatter | null;
}

/**
 * The Imply generator's `-f` format files: one record per render. Placeholders are
 * `{{name}}`, `{{ name }}`, `{{name|STRFTIME}}` and the older `{name}`; `%NAME%` takes an
 * environment variable; Python backslash escapes (\t, \n, \uXXXX) are decoded; the
 * file's surrounding whitespace is dropped. A placeholder naming no field of the
 * config's emitters is an error, not an empty column.
 */
export class ImplyFormatFileEncoder implements Encoder {
  readonly format = 'template';
  private readonly pieces: Piece[];

  constructor(schema: OutputSchema, fileText: string, source: string, context: FormatFileContext) {
    let text: string;
    try {
      text = decodePythonEscapes(fileText.trim());
    } catch (error) {
      throw new UsageError('FORMAT_FILE', `-f ${source}: ${(error as Error).message}`);
    }
    const parsed = parsePlaceholders(text);
    const unknown = parsed.filter((p) => p.name !== undefined && resolveField(schema, p.name) === null).map((p) => p.raw);
    if (unknown.length > 0) {
      const emitters = [...context.emitters].map(([name, fields]) => `emitter "${name}" has ${fields.join(', ')}`).join('; ');
      throw new UsageError('FORMAT_FILE', `-f ${source}: unknown field${unknown.length > 1 ? 's' : ''} ${[...new Set(unknown)].join(', ')}: this format file was written for another config; ${emitters}`);
    }
    const missingEnv = new Set<string>();
    const substitute = (literal: string): string =>
      literal.replace(/%(\w+)%/g, (whole, name: string) => {
        const value = context.env[name];
        if (value === undefined) missingEnv.add(name);
        return value ?? whole;
      });
    this.pieces = parsed.map((p) => {
      const literal = substitute(p.literal);
      if (p.name === undefined) return { literal, column: -1, walk: [], time: false, isFloat: false, format: null };
      const { column, walk } = resolveField(schema, p.name)!;
      const field = schema.fields[column];
      return { literal, column, walk, time: field.time !== undefined && walk.length === 0, isFloat: context.floatFields.has(field.name), format: p.format === undefined ? null : compileStrftime(p.format) };
    });
    if (missingEnv.size > 0) {
      const names = [...missingEnv];
      throw new UsageError('FORMAT_FILE', `-f ${source}: environment variable${names.length > 1 ? 's' : ''} ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} not set (the file uses ${names.map((n) => `%${n}%`).join(', ')}); set ${names.length > 1 ? 'them' : 'it'} or edit the file`);
    }
  }

  header(): null {
    return null;
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    let text = '';
    for (const piece of this.pieces) {
      text += piece.literal;
      if (piece.column >= 0) text += this.render(event, piece);
    }
    text += '\n';
    if (offset + text.length * 3 > out.length && offset + Buffer.byteLength(text) > out.length) return -1;
    return writeText(out, offset, text);
  }

  private render(event: EventView, piece: Piece): string {
    let value: unknown = event.layout.columns.includes(piece.column) ? event.values[piece.column] : undefined;
    for (const key of piece.walk) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null) return '';
    if (piece.time && typeof value === 'number') return piece.format === null ? pyDateTime(value, ' ') : piece.format(value);
    return pyStr(value, piece.isFloat);
  }
}

interface ParsedPiece {
  readonly literal: string;
  readonly name?: string;
  readonly format?: string;
  /** The placeholder as written, for messages. */
  readonly raw?: string;
}

/** Splits text into literals and placeholders: `{{ name|FORMAT }}` and the older `{name}`. */
export function parsePlaceholders(text: string): ParsedPiece[] {
  const pieces: ParsedPiece[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('{{', i)) {
      const close = text.indexOf('}}', i + 2);
      const inner = close < 0 ? null : /^\s*([^|}]+?)\s*(?:\|([^}]+))?$/.exec(text.slice(i + 2, close));
      if (inner !== null && close >= 0) {
        pieces.push({ literal, name: inner[1], format: inner[2], raw: text.slice(i, close + 2) });
        literal = '';
        i = close + 2;
        continue;
      }
    } else if (text[i] === '{') {
      const legacy = /^\{\s*([A-Za-z_][\w.]*)\s*\}/.exec(text.slice(i));
      if (legacy !== null) {
        pieces.push({ literal, name: legacy[1], raw: legacy[0] });
        literal = '';
        i += legacy[0].length;
        continue;
      }
    }
    literal += text[i];
    i++;
  }
  pieces.push({ literal });
  return pieces;
}

/** A field by name, or an object field and the keys below it for a dotted name. */
function resolveField(schema: OutputSchema, name: string): { column: number; walk: string[] } | null {
  const direct = schema.indexOf(name);
  if (direct >= 0) return { column: direct, walk: [] };
  const parts = name.split('.');
  for (let n = parts.length - 1; n >= 1; n--) {
    const column = schema.indexOf(parts.slice(0, n).join('.'));
    if (column >= 0) return { column, walk: parts.slice(n) };
  }
  return null;
}
