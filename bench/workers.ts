/**
 * What worker threads and real-time shards give, with the built CLI:
 *   node --import tsx bench/workers.ts [rounds] [--kafka 127.0.0.1:9092] [--realtime-seconds 31]
 * 1. Wall time of `--workers 1` against `--workers 2` in the same round (the ratio is the
 *    speed-up), for gift-shop and shop to /dev/null and to a file, and for cart keyed by user
 *    into Kafka when a broker is given.
 * 2. Three shard processes (`--shard k/3 --realtime --rate 1000` each: 3,000 events/s in total),
 *    each listening on TCP, read by one reader: the events it receives in every 10 s window.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median } from './lib.js';

const rounds = Number(process.argv[2] ?? 3);
const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const kafka = option('kafka');
const realtimeSeconds = Number(option('realtime-seconds') ?? 31);
const dir = mkdtempSync(join(tmpdir(), 'clickgen-bench-workers-'));

/** Wall and CPU seconds of one CLI run, as the kernel measured them for the child. */
function timed(args: readonly string[]): { wall: number; cpu: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, 'bin/clickgen.js', 'generate', '--start', '2024-03-01', '-q', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const [wall, user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: user + system };
}

// Each sized so that one thread takes about ten seconds on the project machine under its usual load.
const CASES: { name: string; args: (round: number) => string[] }[] = [
  { name: 'gift-shop 6 d to /dev/null', args: () => ['-s', 'gift-shop', '--duration', '6d', '-o', '/dev/null'] },
  { name: 'gift-shop 6 d to a file', args: () => ['-s', 'gift-shop', '--duration', '6d', '-o', join(dir, 'gift-shop.ndjson')] },
  { name: 'shop 40 d to /dev/null', args: () => ['-s', 'shop', '--duration', '40d', '-o', '/dev/null'] },
  { name: 'shop 40 d to a file', args: () => ['-s', 'shop', '--duration', '40d', '-o', join(dir, 'shop.ndjson')] },
  ...(kafka === undefined
    ? []
    : [{ name: 'cart (rate 60, 20 min) to Kafka, key=user_id', args: (round: number) => ['-s', 'cart', '--set', 'arrivals.rate=60', '--duration', '20m', '-o', `kafka://${kafka}/bench-workers-${process.pid}-${round}-${Date.now()}?key=user_id`] }]),
];

console.log(`workers: --workers 2 against --workers 1, wall time, median of ${rounds} rounds; ${machine()}`);
for (const run of CASES) {
  const ratios: number[] = [];
  const ones: number[] = [];
  const twos: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const one = timed([...run.args(round), '--workers', '1']);
    const two = timed([...run.args(round), '--workers', '2']);
    ones.push(one.wall);
    twos.push(two.wall);
    cpu.push(two.cpu / one.cpu);
    ratios.push(one.wall / two.wall);
  }
  console.log(`${run.name}: 1 worker ${median(ones).toFixed(2)} s, 2 workers ${median(twos).toFixed(2)} s; speed-up ${median(ratios).toFixed(2)}x (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}); CPU 2 vs 1 ${median(cpu).toFixed(2)}x`);
}
rmSync(dir, { recursive: true, force: true });

/** Starts shard k of 3 listening on TCP and resolves its port. */
function shard(k: number): Promise<{ port: number; done: Promise<void> }> {
  const child = spawn(process.execPath, ['bin/clickgen.js', 'generate', '-s', 'cart', '--realtime', '--rate', '3000', '--duration', `${realtimeSeconds}s`, '--shard', `${k}/3`, '-o', 'tcp://127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (match !== null) resolve({ port: Number(match[1]), done });
    });
    child.once('exit', (code) => reject(new Error(`shard ${k} exited with ${code}: ${stderr}`)));
  });
}

const now = (): number => performance.timeOrigin + performance.now();
const shards = await Promise.all([0, 1, 2].map(shard));
const arrivals: number[] = [];
await Promise.all(
  shards.map(
    ({ port }) =>
      new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.on('data', (chunk: Buffer) => {
          const t = now();
          for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) arrivals.push(t);
        });
        socket.on('close', () => resolve());
      }),
  ),
);
await Promise.all(shards.map((s) => s.done));
arrivals.sort((a, b) => a - b);
const origin = arrivals[0];
const windows: number[] = [];
for (let from = origin + 1_000; from + 10_000 <= origin + realtimeSeconds * 1_000; from += 10_000) windows.push(arrivals.filter((t) => t >= from && t < from + 10_000).length / 10);
const worst = Math.max(...windows.map((w) => Math.abs(w - 3_000) / 3_000));
console.log(`3 shards at 3,000 events/s in total into one TCP reader: ${arrivals.length} events; 10 s windows after the first second ${windows.map((w) => w.toFixed(1)).join(', ')} /s; worst ${(worst * 100).toFixed(2)} % off; ${machine()}`);
