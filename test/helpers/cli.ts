import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the real command-line entry point (needs `npm run build`). */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO, 'bin', 'clickgen.js');

/** A fixed simulated start, so runs are reproducible. */
export const START = '2024-01-01T00:00:00Z';

export interface CliResult {
  /** Exit code, or null when the process ended by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Run as another user (e.g. so that a read-only directory stays read-only when tests run as root). */
  readonly uid?: number;
  readonly gid?: number;
  /** Bytes for stdin; stdin is closed either way. */
  readonly input?: string;
  readonly timeoutMs?: number;
  /** The environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `node bin/clickgen.js ...args` and collects what it wrote. */
export function clickgen(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(join(REPO, 'dist'))) throw new Error('dist/ is missing: run `npm run build` before the CLI tests');
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    uid: options.uid,
    gid: options.gid,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 120_000,
    // A process stuck where it ignores SIGTERM must still end the test.
    killSignal: 'SIGKILL',
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** The lines a process wrote to stderr, without the final empty one. */
export function stderrLines(result: { readonly stderr: string }): string[] {
  return result.stderr.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
}

/** A fresh temporary directory, removed after the test. */
export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file and directory under `dir` (hidden ones too), relative to it, sorted. */
export function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => relative(dir, join(dir, p)))
    .sort();
}
