/**
 * Every output format against NDJSON, for every built-in scenario, to /dev/null: Avro
 * (each codec), Parquet and Arrow. Then Kafka with Avro in the Confluent wire format and a
 * Schema Registry (the in-repo double, on the loopback) against Kafka with JSON. The built
 * CLI (`npm run build` first), as users run it; the formats of a scenario are interleaved
 * in each round so noise hits them alike, and a ratio is the median of the per-round ratios.
 * The rate is the one the CLI reports (first event to last byte, start-up excluded).
 *   node --import tsx bench/formats.ts [events] [rounds] [kafka events] [scenario...]
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createConnection } from 'node:net';
import { startRegistryDouble } from '../test/helpers/schema-registry-double.js';
import { builtinNames } from '../src/scenario/load.js';
import { fmt, machine, median } from './lib.js';
import { hasZstd } from '../src/encode/avro/codecs.js';

const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const kafkaEvents = Number(process.argv[4] ?? 300_000);
const scenarios = process.argv.length > 5 ? process.argv.slice(5) : builtinNames();
const bin = new URL('../bin/clickgen.js', import.meta.url).pathname;
const bootstrap = `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`;

const FORMATS: Record<string, string[]> = {
  ndjson: [],
  'avro (null)': ['--format', 'avro', '--avro-codec', 'null'],
  'avro (deflate)': ['--format', 'avro'],
  'avro (snappy)': ['--format', 'avro', '--avro-codec', 'snappy'],
  // Node's zlib has zstd from 22.15 on.
  ...(hasZstd ? { 'avro (zstd)': ['--format', 'avro', '--avro-codec', 'zstd'] } : {}),
  'parquet (zstd)': ['--format', 'parquet'],
  arrow: ['--format', 'arrow'],
};
const names = Object.keys(FORMATS);

/** Events per second as the CLI's closing line reports it. */
function rate(args: readonly string[]): number {
  const result = spawnSync(process.execPath, [bin, 'generate', '-n', String(events), '--seed', '1', '--start', '2024-01-01', ...args, '-o', '/dev/null'], { encoding: 'utf8' });
  const match = /\(([\d,]+) events\/s\)/.exec(result.stderr);
  if (result.status !== 0 || match === null) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return Number(match[1].replaceAll(',', ''));
}

console.log(`to /dev/null, ${fmt(events)} events, median of ${rounds} interleaved rounds; ${machine()}`);
console.log(`| scenario | ${names.map((n) => (n === 'ndjson' ? 'ndjson events/s' : `${n} (x ndjson)`)).join(' | ')} |`);
console.log(`| --- | ${names.map(() => '---:').join(' | ')} |`);
for (const scenario of scenarios) {
  const runs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) for (const name of names) runs[name].push(rate(['-s', scenario, ...FORMATS[name]]));
  const cells = names.map((name) => {
    if (name === 'ndjson') return fmt(median(runs.ndjson));
    const ratio = median(runs[name].map((x, i) => x / runs.ndjson[i]));
    return `${fmt(median(runs[name]))} (${ratio.toFixed(2)}x)`;
  });
  console.log(`| ${scenario} | ${cells.join(' | ')} |`);
}

if (kafkaEvents > 0 && (await reachable(bootstrap))) {
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
    console.log(`gift-shop to Kafka (${bootstrap}, keyed by session_id, lz4, acks=all), ${fmt(kafkaEvents)} events, start-up included, median of ${rounds} interleaved rounds`);
    for (const [name, list] of Object.entries(kafka)) {
      const ratio = median(list.map((x, i) => x / kafka['kafka json'][i]));
      console.log(`  ${name.padEnd(24)} ${fmt(median(list)).padStart(11)} events/s  ${name === 'kafka json' ? '' : `${ratio.toFixed(2)}x kafka json`}`);
    }
  } finally {
    await registry.close();
  }
} else if (kafkaEvents > 0) {
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
