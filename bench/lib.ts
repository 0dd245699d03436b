import { execFileSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { cpus, loadavg } from 'node:os';

/** Runs a bench child under tsx and parses its JSON line. */
export function child<T>(script: string, args: readonly string[]): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`;
}

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** What a benchmark's child process reports of one timed run. */
export interface ChildResult {
  events: number;
  bytes: number;
  seconds: number;
  maxRssMB: number;
}

/** Whether the first of comma-separated `host:port` servers takes a TCP connection (a Kafka broker, say). */
export function reachable(servers: string): Promise<boolean> {
  const [host, port] = servers.split(',')[0].split(':');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port ?? 9092), timeout: 2_000 });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
