/**
 * The answer key as JSON text: exactly `JSON.stringify(key, null, 2)`, written into one
 * growing byte buffer. A property of the key whose value carries a `writeText` method writes
 * itself: the windows of a run of weeks are hundreds of thousands of objects, and building
 * them only to stringify them cost more than the run's faults did.
 */
export const writeText = Symbol('writeText');

export interface WritesText {
  /** Writes the value as `JSON.stringify(value, null, 2)` would, its lines after the first starting with `indent`. */
  [writeText](out: ByteText, indent: string): void;
}

/** Bytes a chunk holds: the answer key of a run of months is tens of megabytes, written in chunks without copying them into one. */
const CHUNK = 1 << 20;

/** Bytes written one piece after another, into chunks of a megabyte. */
export class ByteText {
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK);
  private length = 0;

  /** A text of ASCII characters only (JSON punctuation, decimal texts): a byte each. */
  ascii(text: string): void {
    const n = text.length;
    this.room(n);
    this.length = putAscii(this.chunk, this.length, text);
  }

  /** Any text, as UTF-8. */
  text(text: string): void {
    this.room(Buffer.byteLength(text));
    this.length += this.chunk.write(text, this.length);
  }

  /**
   * The chunk to write up to `n` bytes into, from `offset`: the way to write many small
   * pieces with one check for room. Call `wrote` with where the writing ended.
   */
  reserve(n: number): Buffer {
    this.room(n);
    return this.chunk;
  }

  get offset(): number {
    return this.length;
  }

  wrote(end: number): void {
    this.length = end;
  }

  /** The bytes written, in order. */
  take(): Buffer[] {
    if (this.length > 0) this.chunks.push(this.chunk.subarray(0, this.length));
    this.chunk = Buffer.allocUnsafe(0);
    this.length = 0;
    return this.chunks;
  }

  /** Starts a new chunk unless `n` more bytes fit (a piece larger than a chunk gets one of its own size). */
  private room(n: number): void {
    if (this.length + n <= this.chunk.length) return;
    if (this.length > 0) this.chunks.push(this.chunk.subarray(0, this.length));
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK, n));
    this.length = 0;
  }
}

/** The most bytes a number takes as JSON writes it (`-1.2345678901234567e-308`). */
export const MAX_NUMBER_BYTES = 24;

/** Copies `bytes` to `out` at `o`, by a loop (short pieces: keys, indentation); returns the end. */
export function putBytes(out: Uint8Array, o: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) out[o++] = bytes[i];
  return o;
}

/** Writes an ASCII text to `out` at `o`; returns the end. */
export function putAscii(out: Uint8Array, o: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[o++] = text.charCodeAt(i);
  return o;
}

/** Writes a number as JSON does (counts, safe integers from 0, without making a string); returns the end. */
export function putNumber(out: Uint8Array, o: number, n: number): number {
  if (!(Number.isSafeInteger(n) && n >= 0)) return putAscii(out, o, JSON.stringify(n));
  let width = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) width++;
  return putDigits(out, o, n, width);
}

/** Writes a safe integer from 0 in exactly `width` digits (zeros in front); returns the end. */
export function putDigits(out: Uint8Array, o: number, n: number, width: number): number {
  let rest = n;
  for (let at = o + width - 1; at >= o; at--) {
    out[at] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return o + width;
}

function writesText(value: unknown): value is WritesText {
  return typeof value === 'object' && value !== null && typeof (value as Partial<WritesText>)[writeText] === 'function';
}

/** `JSON.stringify(key, null, 2)` and a newline, as UTF-8 in chunks, for a plain object whose properties may write themselves. */
export function keyText(key: object): Buffer[] {
  const out = new ByteText();
  let members = 0;
  out.ascii('{');
  for (const [name, value] of Object.entries(key)) {
    if (writesText(value)) {
      out.text(`${members++ === 0 ? '' : ','}\n  ${JSON.stringify(name)}: `);
      value[writeText](out, '  ');
      continue;
    }
    const text = JSON.stringify(value, null, 2) as string | undefined;
    // What JSON leaves out of an object (undefined, functions) is left out here too.
    if (text === undefined) continue;
    // A JSON text has no newline inside a string (it is written \n), so each newline starts a line to indent.
    out.text(`${members++ === 0 ? '' : ','}\n  ${JSON.stringify(name)}: ${text.replaceAll('\n', '\n  ')}`);
  }
  out.ascii(members === 0 ? '}\n' : '\n}\n');
  return out.take();
}
