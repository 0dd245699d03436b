import type { BadRecordKind } from '../scenario/schema.js';

/** Output formats whose records can be written broken, and the kinds each can show. */
export const BAD_KINDS_BY_FORMAT: Readonly<Record<string, readonly BadRecordKind[]>> = {
  ndjson: ['truncated', 'invalid_utf8', 'type_violation', 'missing_field', 'out_of_domain'],
  csv: ['truncated', 'invalid_utf8', 'wrong_delimiters', 'type_violation', 'missing_field', 'out_of_domain'],
  tsv: ['truncated', 'invalid_utf8', 'wrong_delimiters', 'type_violation', 'missing_field', 'out_of_domain'],
};

/**
 * The first of `kinds` that `format` cannot show, as the end of a message (`wrong_delimiters
 * cannot happen in ndjson; ndjson records can be ...`), or null when it shows them all or
 * writes no bad records at all (which the caller reports its own way).
 */
export function impossibleKind(kinds: readonly BadRecordKind[], format: string): string | null {
  const possible = BAD_KINDS_BY_FORMAT[format];
  const impossible = possible === undefined ? undefined : kinds.find((kind) => !possible.includes(kind));
  return impossible === undefined ? null : `${impossible} cannot happen in ${format}; ${format} records can be ${possible.join(', ')}`;
}

/** A record written broken, and how: a kind that finds nothing to break in it falls back to truncated. */
export interface BrokenRecord {
  readonly bytes: Uint8Array;
  readonly kind: BadRecordKind;
}

const NEWLINE = 10;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** What a type violation writes where a number belongs. */
const NOT_A_NUMBER = 'not-a-number';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Breaks one encoded record (its bytes end with a newline) of `format` as `kind` says. Bad
 * records are rare, so a record is decoded, changed and encoded again.
 */
export function breakRecord(record: Uint8Array, format: string, kind: BadRecordKind): BrokenRecord {
  const body = record.subarray(0, record.length - 1);
  const changed = kind === 'truncated' ? truncate(body) : kind === 'invalid_utf8' ? invalidUtf8(body) : format === 'ndjson' ? breakJson(body, kind) : breakDelimited(body, format === 'csv' ? ',' : '\t', kind);
  if (changed === null) return breakRecord(record, format, 'truncated');
  const bytes = new Uint8Array(changed.length + 1);
  bytes.set(changed);
  bytes[changed.length] = NEWLINE;
  return { bytes, kind };
}

/** The first half, cut between characters: a JSON object or CSV row that ends too soon. */
function truncate(body: Uint8Array): Uint8Array {
  let cut = body.length >> 1;
  while (cut > 0 && (body[cut] & 0xc0) === 0x80) cut--;
  return body.slice(0, cut);
}

/** A byte that never occurs in UTF-8 (0xff), after the first character. */
function invalidUtf8(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = body[0];
  out[1] = 0xff;
  out.set(body.subarray(1), 2);
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function breakJson(body: Uint8Array, kind: BadRecordKind): Uint8Array | null {
  const record = JSON.parse(decoder.decode(body)) as Record<string, Json>;
  if (kind === 'missing_field') {
    const first = Object.keys(record)[0];
    if (first === undefined) return null;
    delete record[first];
  } else if (!replaceFirstNumber(record, (n) => (kind === 'type_violation' ? NOT_A_NUMBER : outOfDomain(n)))) {
    return null;
  }
  return encoder.encode(JSON.stringify(record));
}

/** Replaces the first number (depth first, in key order); false when the value holds none. */
function replaceFirstNumber(value: Json, replace: (n: number) => Json): boolean {
  if (value === null || typeof value !== 'object') return false;
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, Json>)[key];
    if (typeof inner === 'number') {
      (value as Record<string, Json>)[key] = replace(inner);
      return true;
    }
    if (replaceFirstNumber(inner, replace)) return true;
  }
  return false;
}

/** A number no domain of prices, counts or times allows: below zero. */
function outOfDomain(n: number): number {
  return -Math.abs(n) - 1;
}

function breakDelimited(body: Uint8Array, separator: string, kind: BadRecordKind): Uint8Array | null {
  const text = decoder.decode(body);
  if (kind === 'wrong_delimiters') return encoder.encode(text + separator);
  const cells = splitCells(text, separator);
  const at = kind === 'missing_field' ? cells.findIndex((cell) => cell !== '') : cells.findIndex((cell) => NUMBER.test(cell));
  if (at < 0) return null;
  cells[at] = kind === 'missing_field' ? '' : kind === 'type_violation' ? NOT_A_NUMBER : String(outOfDomain(Number(cells[at])));
  return encoder.encode(cells.join(separator));
}

/** Cells as written (quoted ones keep their quotes), split on separators outside quotes. */
function splitCells(text: string, separator: string): string[] {
  const cells: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      cells.push(text.slice(start, i));
      start = i + 1;
    }
  }
  cells.push(text.slice(start));
  return cells;
}
