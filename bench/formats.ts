/**
 * Binary formats against NDJSON, measured in the same run with rounds interleaved so noise
 * hits both alike: `generate --format avro` (each codec) to /dev/null against NDJSON, and
 * Kafka with Avro in the Confluent wire format and a Schema Registry (the in-repo double,
 * on the loopback) against Kafka with JSON. The built CLI, as users run it.
 *   node --import tsx bench/formats.ts [events] [rounds] [kafka events]
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createConnection } from 'node:net';
import { startRegistryDouble } from '../test/helpers/schema-registry-double.js';
import { fmt, machine, median } from './lib.js';
import { hasZstd } from '../src/encode/avro/codecs.js';

const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const kafkaEvents = Number(process.argv[4] ?? 300_000);
const bin = new URL('../bin/clickgen.js', import.meta.url).pathname;
const bootstrap = `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`;

/** Events per second of one `clickgen generate` (start-up included; a run of a million events makes it small). */
function rate(args: readonly string[], n: number): number {
  const began = performance.now();
  execFileSync(process.execPath, [bin, 'generate', '-n', String(n), '--seed', '1', '--start', '2024-01-01', '-q', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return n / ((performance.now() - began) / 1000);
}

function report(title: string, results: Record<string, number[]>, base: string): void {
  console.log(title);
  for (const [name, list] of Object.entries(results)) {
    const ratios = list.map((r, i) => r / results[base][i]);
    console.log(`  ${name.padEnd(24)} ${fmt(median(list)).padStart(11)} events/s  ${name === base ? '' : `${median(ratios).toFixed(2)}x ${base} (per round, median)`}`);
  }
}

for (const scenario of ['gift-shop', 'user-behavior']) {
  const args: Record<string, string[]> = {
    ndjson: [],
    'avro (null codec)': ['--format', 'avro', '--avro-codec', 'null'],
    'avro (deflate)': ['--format', 'avro'],
    'avro (snappy)': ['--format', 'avro', '--avro-codec', 'snappy'],
    // Node's zlib has zstd from 22.15 on.
    ...(hasZstd ? { 'avro (zstd)': ['--format', 'avro', '--avro-codec', 'zstd'] } : {}),
  };
  const files: Record<string, number[]> = Object.fromEntries(Object.keys(args).map((name) => [name, []]));
  for (let r = 0; r < rounds; r++) for (const name of Object.keys(files)) files[name].push(rate(['-s', scenario, ...args[name], '-o', '/dev/null'], events));
  report(`${scenario} to /dev/null, ${fmt(events)} events, median of ${rounds} interleaved rounds; ${machine()}`, files, 'ndjson');
}

if (await reachable(bootstrap)) {
  const registry = await startRegistryDouble();
  try {
    const kafka: Record<string, number[]> = { 'kafka json': [], 'kafka avro + registry': [] };
    // The registry double answers in this process: the runs must not block its event loop.
    const rateAsync = async (args: readonly string[], n: number): Promise<number> => {
      const began = performance.now();
      await promisify(execFile)(process.execPath, [bin, 'generate', '-n', String(n), '--seed', '1', '--start', '2024-01-01', '-q', ...args]);
      return n / ((performance.now() - began) / 1000);
    };
    for (let r = 0; r < rounds; r++) {
      kafka['kafka json'].push(await rateAsync(['-s', 'gift-shop', '-o', `kafka://${bootstrap}/bench-json-${process.pid}-${r}`], kafkaEvents));
      kafka['kafka avro + registry'].push(await rateAsync(['-s', 'gift-shop', '-o', `kafka://${bootstrap}/bench-avro-${process.pid}-${r}?format=avro&registry=${registry.url}`], kafkaEvents));
    }
    report(`gift-shop to Kafka (${bootstrap}, keyed by session_id, lz4, acks=all), ${fmt(kafkaEvents)} events, median of ${rounds} interleaved rounds`, kafka, 'kafka json');
  } finally {
    await registry.close();
  }
} else {
  console.log(`kafka: no broker at ${bootstrap}; start one with scripts/kafka-broker.sh start (skipped)`);
}

function reachable(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
