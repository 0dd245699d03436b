import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { drained } from './drained.js';

/**
 * The stream that writes to a descriptor this process holds, left open. Stdout and stderr go
 * through process.stdout and process.stderr: Node makes a pipe there non-blocking, so a plain
 * write to it fails with EAGAIN once the reader falls 64 KiB behind; their streams wait for the
 * reader instead, and keep order with everything else written there. Other descriptors are
 * blocking unless whoever passed them made them otherwise.
 */
export function descriptorStream(fd: number): Writable {
  if (fd === 1) return process.stdout;
  if (fd === 2) return process.stderr;
  return createWriteStream('', { fd, autoClose: false });
}

/**
 * Resolves once everything written to `stream` so far has been written out; rejects with the
 * failure of a write. The stream is not ended: stdout is used again after (the summary, a log line).
 */
export function flushed(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(new Uint8Array(0), (error) => {
      if (error === null || error === undefined) resolve();
      else reject(error);
    });
  });
}

/** Writes the chunks through a descriptor, waiting for a slow reader, and resolves once they are written out. */
export async function writeToDescriptor(fd: number, chunks: readonly Uint8Array[]): Promise<void> {
  const stream = descriptorStream(fd);
  // Set by the error listener: typed so, or the checks below would read it as always null.
  let failure = null as Error | null;
  const remember = (error: Error): void => {
    failure ??= error;
  };
  stream.on('error', remember);
  try {
    for (const chunk of chunks) {
      if (failure !== null) throw failure;
      if (!stream.write(chunk)) await drained(stream);
    }
    await flushed(stream);
    if (failure !== null) throw failure;
  } finally {
    stream.off('error', remember);
  }
}
