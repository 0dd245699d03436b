/**
 * What worker threads and real-time shards give, with the built CLI:
 *   node --import tsx bench/workers.ts [rounds] [--kafka 127.0.0.1:9092] [--realtime-seconds 31]
 *   npm run bench workers        (3 rounds; Kafka at KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:KAFKA_PORT (9092) when a broker listens there)
 * 1. Wall time of `--workers 1` against `--workers 2` in the same round (the ratio is the
 *    speed-up), and the CPU time of each (user + system, measured by the kernel), for
 *    gift-shop and shop to /dev/null and to a file, and for cart keyed by user into Kafka
 *    when a broker is given; printed as a Markdown table.
 * 2. Three shard processes (`--shard k/3 --realtime --rate 1000` each: 3,000 events/s in total),
 *    each listening on TCP, read by one reader: the events it receives in every 10 s window.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median, reachable } from './lib.js';

const rounds = Number(process.argv[2] ?? 3);
const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const asked = option('kafka');
const kafka = asked !== undefined && (await reachable(asked)) ? asked : undefined;
if (asked !== undefined && kafka === undefined) console.log(`workers: no Kafka broker at ${asked}; the Kafka row is skipped`);
const realtimeSeconds = Number(option('realtime-seconds') ?? 31);
const dir = mkdtempSync(join(tmpdir(), 'clickgen-bench-workers-'));

/** Wall and CPU seconds of one CLI run, as the kernel measured them for the child. */
function timed(args: readonly string[]): { wall: number; cpu: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, 'bin/clickgen.js', 'generate', '--start', '2024-03-01', '-q', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const [wall, user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: user + system };
}

// Each sized so that one thread takes about ten seconds of CPU on the project machine when it
// is quiet: long enough that starting the worker threads (about 0.1 s of CPU each) weighs little.
const CASES: { name: string; args: (round: number) => string[] }[] = [
  { name: 'gift-shop 30 d to /dev/null', args: () => ['-s', 'gift-shop', '--duration', '30d', '-o', '/dev/null'] },
  { name: 'gift-shop 30 d to a file', args: () => ['-s', 'gift-shop', '--duration', '30d', '-o', join(dir, 'gift-shop.ndjson')] },
  { name: 'shop 200 d to /dev/null', args: () => ['-s', 'shop', '--duration', '200d', '-o', '/dev/null'] },
  { name: 'shop 200 d to a file', args: () => ['-s', 'shop', '--duration', '200d', '-o', join(dir, 'shop.ndjson')] },
  ...(kafka === undefined
    ? []
    : [{ name: 'cart (rate 60, 45 min) to Kafka, key=user_id', args: (round: number) => ['-s', 'cart', '--set', 'arrivals.rate=60', '--duration', '45m', '-o', `kafka://${kafka}/bench-workers-${process.pid}-${round}-${Date.now()}?key=user_id`] }]),
];

console.log(`workers: --workers 2 against --workers 1, median of ${rounds} rounds; ${machine()}\n`);
console.log('| run | `--workers 1` | `--workers 2` | speed-up (rounds) | CPU, 1 worker | CPU, 2 workers | CPU 2 / 1 |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const run of CASES) {
  const ratios: number[] = [];
  const ones: { wall: number; cpu: number }[] = [];
  const twos: { wall: number; cpu: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const one = timed([...run.args(round), '--workers', '1']);
    const two = timed([...run.args(round), '--workers', '2']);
    ones.push(one);
    twos.push(two);
    ratios.push(one.wall / two.wall);
  }
  const m = (runs: { wall: number; cpu: number }[], key: 'wall' | 'cpu'): string => `${median(runs.map((r) => r[key])).toFixed(2)} s`;
  const cpuRatio = median(twos.map((two, i) => two.cpu / ones[i].cpu));
  console.log(`| ${run.name} | ${m(ones, 'wall')} | ${m(twos, 'wall')} | **${median(ratios).toFixed(2)}x** (${ratios.map((r) => r.toFixed(2)).join(', ')}) | ${m(ones, 'cpu')} | ${m(twos, 'cpu')} | ${cpuRatio.toFixed(2)}x |`);
}
console.log('');
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
