import type { Readable, Writable } from 'node:stream';

/** What the CLI touches of the outside world, passed in so commands can be run in tests. */
export interface CliIo {
  readonly stdout: Writable;
  /** Input for commands that read `-` (inspect). */
  readonly stdin?: Readable;
  readonly stderr: NodeJS.WriteStream | Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Wall-clock now, epoch ms: the default simulated start. */
  readonly now: () => number;
}

export function writeLine(stream: Writable, line: string): void {
  stream.write(`${line}\n`);
}
