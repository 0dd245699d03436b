/** A physical line of input and its 1-based number. */
export interface Line {
  readonly text: string;
  readonly number: number;
}

/** Lines longer than this are not events: the input is probably not line-delimited. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * The lines of a byte stream, decoded as UTF-8, without their `\n` or `\r\n`. Chunks are
 * scanned in place; only a line that straddles two chunks is copied. A UTF-8 byte order
 * mark at the start is dropped.
 */
export async function* readLines(input: AsyncIterable<unknown>): AsyncGenerator<Line> {
  let carry: Buffer | null = null;
  let number = 0;
  let first = true;
  for await (const piece of input) {
    let chunk = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let start = 0;
    if (carry !== null) {
      const newline = chunk.indexOf(10);
      if (newline < 0) {
        carry = Buffer.concat([carry, chunk]);
        if (carry.length > MAX_LINE_BYTES) throw new LineTooLong(number + 1);
        continue;
      }
      const joined = Buffer.concat([carry, chunk.subarray(0, newline)]);
      carry = null;
      yield { text: decode(joined, 0, joined.length), number: ++number };
      start = newline + 1;
    }
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline < 0) break;
      yield { text: decode(chunk, start, newline), number: ++number };
      start = newline + 1;
    }
    if (start < chunk.length) {
      carry = Buffer.from(chunk.subarray(start));
      if (carry.length > MAX_LINE_BYTES) throw new LineTooLong(number + 1);
    }
  }
  if (carry !== null && carry.length > 0) yield { text: decode(carry, 0, carry.length), number: ++number };
}

function decode(buffer: Buffer, start: number, end: number): string {
  const stop = end > start && buffer[end - 1] === 13 ? end - 1 : end;
  return buffer.toString('utf8', start, stop);
}

export class LineTooLong extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
  }
}
