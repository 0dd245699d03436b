import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A writable that keeps every byte written to it. */
export class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    callback();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Runs the CLI in this process with captured output, a given environment and wall clock. */
export async function runClickgen(args: readonly string[], options: { env?: Record<string, string>; now?: () => number } = {}): Promise<CliResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await runCli(args, { stdout, stderr, env: options.env ?? {}, now: options.now ?? (() => Date.UTC(2024, 0, 1)) });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
