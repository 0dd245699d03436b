import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in this process with captured output, as `clickgen ...args` would run: the
 * same commander program and exit codes, without a build or a child process.
 */
export async function runInProcess(args: readonly string[], options: { stdin?: string | Buffer; now?: number; env?: NodeJS.ProcessEnv } = {}): Promise<InProcessResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const stdin = options.stdin === undefined ? undefined : Readable.from([Buffer.from(options.stdin)]);
  const code = await runCli(args, { stdout, stderr, stdin, env: options.env ?? {}, now: () => options.now ?? Date.UTC(2024, 0, 1) });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
