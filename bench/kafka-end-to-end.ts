/**
 * The whole pipeline into Kafka, as a user runs it: the built CLI, `generate -s SCENARIO -n N
 * -o kafka://BROKER/TOPIC` (a new topic each run, the scenario's own key, lz4 and idempotence),
 * timed from the process's start to its exit, so start-up, connecting and creating the topic
 * count; next to the same run to /dev/null, rounds interleaved. CPU time of the client (every
 * thread of it) and of the broker per event says what each would sustain on a core of its own.
 *   npm run build && scripts/kafka-broker.sh start
 *   node --import tsx bench/kafka-end-to-end.ts [events] [rounds] [scenario,...]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { brokerCpuSeconds, endedChildrenCpuSeconds, fmt, machine, median, reachable, readBrokerPid } from './lib.js';

const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 3);
const scenarios = (process.argv[4] ?? 'cart,shop').split(',');
const bootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`;
const cli = fileURLToPath(new URL('../bin/clickgen.js', import.meta.url));

if (!(await reachable(bootstrap))) {
  console.log(`kafka end to end: no broker at ${bootstrap}; start one with scripts/kafka-broker.sh start (skipped)`);
  process.exit(0);
}

interface Run {
  readonly rate: number;
  readonly clientUs: number;
  readonly brokerUs: number;
}

const brokerPid = readBrokerPid();

/** One run of the CLI to `output`, events per second over its whole life and CPU µs per event. */
function run(scenario: string, output: string): Run {
  const brokerBefore = brokerCpuSeconds(brokerPid);
  const clientBefore = endedChildrenCpuSeconds();
  const began = performance.now();
  const child = spawnSync(process.execPath, [cli, 'generate', '-s', scenario, '--seed', '1', '--start', '2024-01-01T00:00:00Z', '-n', String(events), '-q', '-o', output], { stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = (performance.now() - began) / 1000;
  if (child.status !== 0) throw new Error(`${scenario} to ${output}: exit ${child.status}`);
  const clientUs = ((endedChildrenCpuSeconds() - clientBefore) * 1e6) / events;
  return { rate: events / seconds, clientUs, brokerUs: ((brokerCpuSeconds(brokerPid) - brokerBefore) * 1e6) / events };
}

console.log(`kafka end to end, ${fmt(events)} events per run, median of ${rounds} rounds; ${machine()}`);
console.log('| scenario | to Kafka, events/s | to /dev/null, events/s | ratio | client CPU / event, Kafka | same, /dev/null | broker CPU / event |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const scenario of scenarios) {
  const kafka: Run[] = [];
  const devNull: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    kafka.push(run(scenario, `kafka://${bootstrap}/bench-e2e-${scenario}-${process.pid}-${round}`));
    devNull.push(run(scenario, '/dev/null'));
  }
  const rate = (runs: Run[]) => median(runs.map((one) => one.rate));
  const us = (runs: Run[], key: 'clientUs' | 'brokerUs') => median(runs.map((one) => one[key])).toFixed(2);
  console.log(`| ${scenario} | ${fmt(rate(kafka))} | ${fmt(rate(devNull))} | ${(rate(kafka) / rate(devNull)).toFixed(2)}x | ${us(kafka, 'clientUs')} µs | ${us(devNull, 'clientUs')} µs | ${us(kafka, 'brokerUs')} µs |`);
  console.log(`|  rounds | ${kafka.map((one) => fmt(one.rate)).join(', ')} | ${devNull.map((one) => fmt(one.rate)).join(', ')} | | | | |`);
}
