/**
 * Real-time pacing and streaming throughput, end to end over loopback: the real CLI
 * (`clickgen generate ... -o tcp://127.0.0.1:0`) writes, this process reads.
 *
 *   node --import tsx bench/realtime.ts [--runs 3] [--seconds 31] [--rates 100,10000,100000]
 *
 * For each rate: events received per 10 s window after the first second (achieved vs
 * target) and the lateness of each event's arrival behind its due time (its stamp).
 * Then one unthrottled stream: events/s through one socket. Figures are medians over
 * the runs. Needs a build (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCENARIO = 'gift-shop';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const RUNS = Number(option('runs', '3'));
const SECONDS = Number(option('seconds', '31'));
const RATES = option('rates', '100,10000,100000').split(',').map(Number);

const now = (): number => performance.timeOrigin + performance.now();
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

interface Received {
  /** Arrival time of each line, epoch ms. */
  at: Float64Array;
  /** Stamp (due time) of each line, epoch ms; NaN when not measured. */
  due: Float64Array;
  count: number;
  seconds: number;
  /** CPU seconds the generating process used (sampled every 100 ms until it ended). */
  cpu: number;
}

/** Runs `clickgen generate` with a TCP output, reads it to the end, returns what arrived when. */
async function generate(args: string[], capacity: number, stamps: boolean): Promise<Received> {
  const child = spawn(process.execPath, [`${ROOT}bin/clickgen.js`, 'generate', '--scenario', SCENARIO, '-o', 'tcp://127.0.0.1:0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`generate exited with ${code}: ${stderr}`)));
  });
  const at = new Float64Array(capacity);
  const due = new Float64Array(capacity);
  let count = 0;
  let partial: Buffer = Buffer.alloc(0);
  const began = now();
  let cpu = 0;
  const sampler = setInterval(() => {
    const used = cpuSeconds(child.pid!);
    if (!Number.isNaN(used)) cpu = used;
  }, 100);
  await new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (chunk: Buffer) => {
      const t = now();
      if (!stamps) {
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) count++;
        return;
      }
      // Parsed from the bytes: a reader that builds strings per line competes for the CPU
      // with the generator it measures.
      const bytes = partial.length === 0 ? chunk : Buffer.concat([partial, chunk]);
      let from = 0;
      for (let end = bytes.indexOf(10); end >= 0; end = bytes.indexOf(10, from)) {
        if (count < capacity) {
          at[count] = t;
          due[count] = stampAt(bytes, from);
          count++;
        }
        from = end + 1;
      }
      partial = bytes.subarray(from);
    });
    socket.on('close', () => resolve());
  });
  const seconds = (now() - began) / 1000;
  const used = cpuSeconds(child.pid!);
  if (!Number.isNaN(used)) cpu = used;
  clearInterval(sampler);
  await new Promise((resolve) => child.once('exit', resolve));
  return { at, due, count, seconds, cpu };
}

/** Digits at `at` of a buffer as a number. */
function digits(bytes: Buffer, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) value = value * 10 + bytes[i] - 48;
  return value;
}

/** The stamp of the line at `from`: gift-shop lines start with {"__time":"YYYY-MM-DDTHH:MM:SS.mmm" (UTC, no zone). */
function stampAt(bytes: Buffer, from: number): number {
  const o = from + 11;
  return Date.UTC(digits(bytes, o, 4), digits(bytes, o + 5, 2) - 1, digits(bytes, o + 8, 2), digits(bytes, o + 11, 2), digits(bytes, o + 14, 2), digits(bytes, o + 17, 2), digits(bytes, o + 20, 3));
}

function percentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function pacing(rate: number): Promise<{ windows: number[]; p50: number; p99: number; max: number; cpuShare: number }> {
  const received = await generate(['--realtime', '--rate', String(rate), '--duration', `${SECONDS}s`], Math.ceil(rate * (SECONDS + 1)), true);
  const origin = received.due[0];
  const windows: number[] = [];
  for (let from = origin + 1_000; from + 10_000 <= origin + SECONDS * 1_000; from += 10_000) {
    let n = 0;
    for (let i = 0; i < received.count; i++) if (received.at[i] >= from && received.at[i] < from + 10_000) n++;
    windows.push(n / 10);
  }
  const lateness = new Float64Array(received.count);
  for (let i = 0; i < received.count; i++) lateness[i] = received.at[i] - received.due[i];
  // CPU the generator used per second of the run (warm-up included): 1 is a whole core.
  return { windows, p50: percentile(lateness, 0.5), p99: percentile(lateness, 0.99), max: percentile(lateness, 1), cpuShare: received.cpu / received.seconds };
}

console.log(`clickgen real-time benchmark: scenario ${SCENARIO}, ${RUNS} run(s), ${SECONDS} s per rate, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
for (const rate of RATES) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await pacing(rate));
  const errors = runs.map((run) => Math.max(...run.windows.map((w) => Math.abs(w - rate) / rate)));
  const worstRun = runs[errors.indexOf(Math.max(...errors))];
  console.log(
    `rate ${rate.toLocaleString('en-US')}/s: 10 s windows achieved ${worstRun.windows.map((w) => w.toFixed(1)).join(', ')} /s (worst run); ` +
      `median worst-window error ${(median(errors) * 100).toFixed(2)} %; lateness median p50 ${median(runs.map((r) => r.p50)).toFixed(1)} ms, ` +
      `p99 ${median(runs.map((r) => r.p99)).toFixed(1)} ms, max ${median(runs.map((r) => r.max)).toFixed(0)} ms; generator CPU ${(median(runs.map((r) => r.cpuShare)) * 100).toFixed(0)} % of a core`,
  );
}

const EVENTS = 5_000_000;
const throughput: number[] = [];
const perCpuSecond: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const received = await generate(['-n', String(EVENTS), '--start', '2024-01-01'], 0, false);
  if (received.count !== EVENTS) throw new Error(`received ${received.count} of ${EVENTS}`);
  throughput.push(received.count / received.seconds);
  perCpuSecond.push(received.count / received.cpu);
}
const k = (values: number[]): string => values.map((t) => Math.round(t / 1000)).join(', ');
console.log(
  `unthrottled, one TCP stream over loopback: ${Math.round(median(throughput)).toLocaleString('en-US')} events/s wall (median of ${RUNS}: ${k(throughput)} k); ` +
    `${Math.round(median(perCpuSecond)).toLocaleString('en-US')} events per CPU second of the generator (${k(perCpuSecond)} k)`,
);
