/** Processes of the built CLI started as the pods of a Kubernetes Indexed Job are, and what they wrote. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, REPO } from './cli.js';

export const SHARDS = 4;

/** Starts `clickgen ...args` as a pod of the Job would, with the controller's environment. */
export function pod(args: readonly string[], index: number | null): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  if (!existsSync(join(REPO, 'dist'))) throw new Error('dist/ is missing: run `npm run build` before this test');
  const env = index === null ? { ...process.env } : { ...process.env, JOB_COMPLETION_INDEX: String(index), CLICKGEN_SHARDS: String(SHARDS) };
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

export const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');

export function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let i = 0;
  for (const line of whole) if (i < part.length && part[i] === line) i++;
  return i === part.length;
}
