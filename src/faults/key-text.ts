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

/** Bytes written one piece after another, the buffer doubling as it fills. */
export class ByteText {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  /** A text of ASCII characters only (JSON punctuation, ISO times, decimal texts): a byte each. */
  ascii(text: string): void {
    const n = text.length;
    this.room(n);
    const buffer = this.buffer;
    let o = this.length;
    for (let i = 0; i < n; i++) buffer[o++] = text.charCodeAt(i);
    this.length = o;
  }

  /** Any text, as UTF-8. */
  text(text: string): void {
    this.room(Buffer.byteLength(text));
    this.length += this.buffer.write(text, this.length);
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A number as JSON writes it; counts (safe integers from 0) without making a string. */
  number(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) {
      this.ascii(JSON.stringify(n));
      return;
    }
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    this.room(digits);
    const buffer = this.buffer;
    let rest = n;
    for (let o = this.length + digits - 1; o >= this.length; o--) {
      buffer[o] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length += digits;
  }

  /** The bytes written (a view of the buffer: valid until the next write). */
  take(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

function writesText(value: unknown): value is WritesText {
  return typeof value === 'object' && value !== null && typeof (value as Partial<WritesText>)[writeText] === 'function';
}

/** `JSON.stringify(key, null, 2)` and a newline, as UTF-8, for a plain object whose properties may write themselves. */
export function keyText(key: object): Buffer {
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
