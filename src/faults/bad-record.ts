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
 * Breaks one encoded record (its bytes end with a newline) of `format` as `kind` says: a
 * JSON record is changed in its bytes; a CSV or TSV row, rare and short, is decoded, changed
 * and encoded again.
 */
export function breakRecord(record: Uint8Array, format: string, kind: BadRecordKind): BrokenRecord {
  const bytes = kind === 'truncated' ? truncate(record) : kind === 'invalid_utf8' ? invalidUtf8(record) : format === 'ndjson' ? breakJson(record, kind) : breakDelimited(record, format === 'csv' ? ',' : '\t', kind);
  return bytes === null ? breakRecord(record, format, 'truncated') : { bytes, kind };
}

/** The first half, cut between characters: a JSON object or CSV row that ends too soon. */
function truncate(record: Uint8Array): Uint8Array {
  let cut = (record.length - 1) >> 1;
  while (cut > 0 && (record[cut] & 0xc0) === 0x80) cut--;
  const out = new Uint8Array(cut + 1);
  out.set(record.subarray(0, cut));
  out[cut] = NEWLINE;
  return out;
}

/** A byte that never occurs in UTF-8 (0xff), after the first character. */
function invalidUtf8(record: Uint8Array): Uint8Array {
  const out = new Uint8Array(record.length + 1);
  out[0] = record[0];
  out[1] = 0xff;
  out.set(record.subarray(1), 2);
  return out;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** A type violation's value where a number was, as JSON. */
const NOT_A_NUMBER_JSON = encoder.encode(JSON.stringify(NOT_A_NUMBER));
const EMPTY = new Uint8Array(0);

/**
 * Breaks a JSON object as written: the bytes around what changes stay as the encoder wrote
 * them (numbers' digits, escapes, key order), so a broken record differs from the clean one in
 * its broken part only. Parsing the record and writing it again cost 10-15 µs a record (the
 * replaced number changed the parsed objects' field types), more than the rest of its writing.
 */
function breakJson(record: Uint8Array, kind: BadRecordKind): Uint8Array | null {
  if (kind === 'missing_field') {
    const member = firstMember(record);
    return member === null ? null : splice(record, member.start, member.end, EMPTY);
  }
  const number = firstNumber(record);
  if (number === null) return null;
  const replacement = kind === 'type_violation' ? NOT_A_NUMBER_JSON : encoder.encode(JSON.stringify(outOfDomain(Number(decoder.decode(record.subarray(number.start, number.end))))));
  return splice(record, number.start, number.end, replacement);
}

/** `body` with `[start, end)` replaced by `bytes`. */
function splice(body: Uint8Array, start: number, end: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length - (end - start) + bytes.length);
  out.set(body.subarray(0, start));
  out.set(bytes, start);
  out.set(body.subarray(end), start + bytes.length);
  return out;
}

/** Where the string starting at `at` (its opening quote) ends: just after its closing quote. */
function stringEnd(body: Uint8Array, at: number): number {
  for (let i = at + 1; i < body.length; i++) {
    const c = body[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return body.length;
}

/** The first number written outside strings, depth first in the order written: null when there is none. */
function firstNumber(body: Uint8Array): { start: number; end: number } | null {
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === QUOTE) i = stringEnd(body, i) - 1;
    else if (c === MINUS || isDigit(c)) {
      let end = i + 1;
      while (end < body.length && isNumberByte(body[end])) end++;
      return { start: i, end };
    }
  }
  return null;
}

/**
 * The top-level object's first member, with the comma after it when more follow (the
 * object stays valid JSON without it): null when the object is empty.
 */
function firstMember(body: Uint8Array): { start: number; end: number } | null {
  let i = skipSpace(body, 0);
  if (body[i] !== OPEN_BRACE) return null;
  const start = skipSpace(body, i + 1);
  if (body[start] !== QUOTE) return null;
  i = skipSpace(body, stringEnd(body, start));
  if (body[i] !== COLON) return null;
  let depth = 0;
  for (i++; i < body.length; i++) {
    const c = body[i];
    if (c === QUOTE) i = stringEnd(body, i) - 1;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACKET || (c === CLOSE_BRACE && depth > 0)) depth--;
    else if (depth === 0 && (c === COMMA || c === CLOSE_BRACE)) return { start, end: c === COMMA ? skipSpace(body, i + 1) : i };
  }
  return null;
}

function skipSpace(body: Uint8Array, at: number): number {
  let i = at;
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0a || body[i] === 0x0d)) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Digits, a point, an exponent and its sign. */
function isNumberByte(c: number): boolean {
  return isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;
}

/** A number no domain of prices, counts or times allows: below zero. */
function outOfDomain(n: number): number {
  return -Math.abs(n) - 1;
}

function breakDelimited(record: Uint8Array, separator: string, kind: BadRecordKind): Uint8Array | null {
  const text = decoder.decode(record.subarray(0, record.length - 1));
  if (kind === 'wrong_delimiters') return encoder.encode(`${text}${separator}\n`);
  const cells = splitCells(text, separator);
  const at = kind === 'missing_field' ? cells.findIndex((cell) => cell !== '') : cells.findIndex((cell) => NUMBER.test(cell));
  if (at < 0) return null;
  cells[at] = kind === 'missing_field' ? '' : kind === 'type_violation' ? NOT_A_NUMBER : String(outOfDomain(Number(cells[at])));
  return encoder.encode(`${cells.join(separator)}\n`);
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
