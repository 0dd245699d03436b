import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../errors.js';

/**
 * The bytes of `input`, gunzipped when they start with gzip's magic number (1f 8b). Text
 * events never start with 0x1f, so a stream without a name (stdin, a library caller's
 * stream) can be gzipped or not. Errors of `input` and of the gzip data reach the reader.
 */
export async function* gunzipIfGzip(input: AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  // Two bytes decide, and a pipe may hand over a single byte first.
  while (head.length < 2) {
    const next = await source.next();
    if (next.done === true) {
      if (head.length > 0) yield head;
      return;
    }
    head = Buffer.concat([head, bytesOf(next.value)]);
  }
  const all = rest(head, source);
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* all;
    return;
  }
  const compressed = Readable.from(all);
  const gunzip = createGunzip();
  compressed.on('error', (error: Error) => gunzip.destroy(error));
  try {
    for await (const chunk of compressed.pipe(gunzip)) yield chunk as Buffer;
  } finally {
    // A reader that stops early (bad input at some line) closes the input too.
    compressed.destroy();
  }
}

async function* rest(head: Buffer, source: AsyncIterator<unknown>): AsyncGenerator<Buffer> {
  try {
    yield head;
    for (;;) {
      const next = await source.next();
      if (next.done === true) return;
      yield bytesOf(next.value);
    }
  } finally {
    await source.return?.();
  }
}

/** A chunk as bytes; a stream of objects (simulate()'s events, say) is a caller's mistake, named as one. */
function bytesOf(chunk: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new UsageError('INSPECT_INPUT', `inspectStream reads bytes or text (NDJSON or CSV, gzipped or not), not ${chunk === null ? 'null' : typeof chunk === 'object' ? 'objects' : typeof chunk}: give it each event as a line of JSON text, JSON.stringify(event) + '\\n'`);
}
