import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/clickgen.js`;

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly tcpPort: number | null;
  readonly base: string;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** Resident set size of the process, bytes (from /proc). */
  rss(): number;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
}

/** Runs the real CLI (`bin/clickgen.js`, from the build) and waits until it serves. */
export async function startServeProcess(args: readonly string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  if (!existsSync(`${ROOT}dist/clickgen.js`)) throw new Error('the CLI is not built: run npm run build first');
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const serving = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving http:\/\/[^:]+:(\d+)(?: and tcp:\/\/[^:]+:(\d+))?/.exec(stderr);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const port = Number(serving[1]);
  return {
    child,
    port,
    tcpPort: serving[2] === undefined ? null : Number(serving[2]),
    base: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    exited,
  };
}
