import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** The broker's pid when scripts/kafka-broker.sh runs it, to read its CPU time. */
export function readBrokerPid(): number | undefined {
  try {
    return Number(readFileSync(new URL(`../.cache/kafka/broker-${process.env.KAFKA_PORT ?? 9092}/broker.pid`, import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU seconds the process has used (0 without a pid). */
export function brokerCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  // /proc/PID/stat fields 14 and 15: user and system time in clock ticks (100 per second).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds used by this process's children that have ended (Linux: /proc/self/stat fields 16 and 17). */
export function endedChildrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}
