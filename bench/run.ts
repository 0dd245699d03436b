/**
 * `npm run bench`: every benchmark in turn, each printing its own figures. Benchmarks
 * that need a service (Kafka, Redis) say so and skip when it is not running. Each heading
 * names the machine and the Node version, since figures differ between Node versions.
 *   npm run bench            all of them
 *   npm run bench generate   only those whose name contains "generate"
 */
import { execFileSync } from 'node:child_process';
import { machine } from './lib.js';

const BENCHMARKS: { name: string; script: string; args: string[]; node?: string[] }[] = [
  { name: 'generate', script: 'bench/generate.ts', args: ['1000000', '5'] },
  { name: 'scenarios', script: 'bench/scenarios.ts', args: ['1000000', '3'] },
  { name: 'realtime', script: 'bench/realtime.ts', args: [] },
  { name: 'sessions', script: 'bench/sessions.ts', args: ['1000000'], node: ['--expose-gc'] },
  { name: 'delivery-order', script: 'bench/delivery-order.ts', args: [] },
  { name: 'inspect', script: 'bench/inspect.ts', args: ['2000000', '3'] },
  { name: 'imply', script: 'bench/imply.ts', args: ['1000000', '5'] },
  { name: 'kafka', script: 'bench/kafka.ts', args: ['500000', '5'] },
  { name: 'kafka-end-to-end', script: 'bench/kafka-end-to-end.ts', args: ['1000000', '3'] },
  { name: 'formats', script: 'bench/formats.ts', args: ['300000', '3', '300000'] },
  { name: 'redis', script: 'bench/redis.ts', args: ['300000', '3'] },
  { name: 'scenario-startup', script: 'bench/scenario-startup.ts', args: [] },
  { name: 'page', script: 'bench/page.ts', args: ['7', 'shop'] },
  { name: 'shards', script: 'bench/shards.ts', args: ['8', '1'] },
  { name: 'faults', script: 'bench/faults.ts', args: ['1000000', '5'] },
  { name: 'faults-instructions', script: 'bench/faults-instructions.ts', args: ['300000'] },
  { name: 'vocabularies', script: 'bench/vocabularies.ts', args: ['1440', '5'] },
  { name: 'workers', script: 'bench/workers.ts', args: ['3', '--kafka', process.env.KAFKA_BOOTSTRAP_SERVERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`] },
];

const filter = process.argv[2];
for (const bench of BENCHMARKS) {
  if (filter !== undefined && !bench.name.includes(filter)) continue;
  console.log(`\n== ${bench.name}: ${machine()}`);
  execFileSync(process.execPath, [...(bench.node ?? []), '--import', 'tsx', bench.script, ...bench.args], { stdio: 'inherit' });
}
