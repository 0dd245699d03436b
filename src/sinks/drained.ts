import type { Writable } from 'node:stream';

/**
 * Resolves when a full stream drains, or closes, or fails (its own error handler reports
 * the failure), and removes all three listeners. Never rejects: a pending wait that is
 * never awaited cannot become an unhandled rejection.
 */
export function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
