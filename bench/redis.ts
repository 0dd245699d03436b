/**
 * Redis sink throughput: travel events (about 340 bytes of JSON each) into one stream per
 * event type on a private local redis-server, the way a batch run writes them. Batches are
 * encoded before the clock starts, so the figure is the sink's: building commands, MULTI/EXEC
 * round trips with bounded batches in flight, and the server's work.
 *
 * Besides events/s it prints the CPU time per event of this process and of redis-server: on a
 * shared machine the wall-clock rate moves with other load, the CPU cost much less.
 *
 *   node --import tsx bench/redis.ts [events=300000] [runs=3] [query]
 *   e.g. node --import tsx bench/redis.ts 300000 3 '?mode=pubsub'
 */
import { readFileSync } from 'node:fs';
import { createClient } from 'redis';
import { createRedisSink } from '../src/sinks/redis.js';
import type { RecordBatch } from '../src/sinks/types.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { recordBytes, toRecordBatch, travelEvents } from '../test/helpers/travel-events.js';

const EVENTS = Number(process.argv[2] ?? 300_000);
const RUNS = Number(process.argv[3] ?? 3);
const QUERY = process.argv[4] ?? '';
const BATCH = 5000;

/** User + system CPU seconds of a process, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const ownCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await startRedisServer();
const admin = createClient({ url: server.url });
await admin.connect();
try {
  const target = `redis://127.0.0.1:${server.port}${QUERY}`;
  const shape = createRedisSink(target, { defaults: {}, env: {} });
  const batches: RecordBatch[] = [];
  let bytes = 0;
  for (let from = 0; from < EVENTS; from += BATCH) {
    const events = travelEvents(1, from, Math.min(BATCH, EVENTS - from));
    bytes += recordBytes(events);
    batches.push(toRecordBatch(events, { keyTemplate: shape.keyTemplate, objects: shape.wantsObjects === true }));
  }
  console.log(`${shape.description}: ${EVENTS} events, ${Math.round(bytes / EVENTS)} B/event, ${RUNS} runs`);

  const rates: number[] = [];
  const clientCosts: number[] = [];
  const serverCosts: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    await admin.flushAll();
    const sink = createRedisSink(target, { defaults: {}, env: {} });
    await sink.open({ header: null, format: 'ndjson' });
    const serverCpu = cpuSecondsOf(server.pid!);
    const clientCpu = ownCpuSeconds();
    const started = performance.now();
    for (const batch of batches) await sink.write(batch);
    await sink.close();
    const seconds = (performance.now() - started) / 1000;
    const clientUs = ((ownCpuSeconds() - clientCpu) / EVENTS) * 1e6;
    const serverUs = ((cpuSecondsOf(server.pid!) - serverCpu) / EVENTS) * 1e6;
    const { delivered, failed } = sink.stats();
    if (delivered !== EVENTS || failed !== 0) throw new Error(`run ${run}: delivered ${delivered}, failed ${failed}`);
    rates.push(EVENTS / seconds);
    clientCosts.push(clientUs);
    serverCosts.push(serverUs);
    console.log(
      `run ${run}: ${Math.round(EVENTS / seconds)} events/s (${(bytes / seconds / 1e6).toFixed(1)} MB/s); ` +
        `CPU per event: sink ${clientUs.toFixed(2)} µs, redis-server ${serverUs.toFixed(2)} µs`,
    );
  }
  console.log(
    `median: ${Math.round(median(rates))} events/s; CPU per event: sink ${median(clientCosts).toFixed(2)} µs, redis-server ${median(serverCosts).toFixed(2)} µs`,
  );
} finally {
  await admin.close();
  await server.dispose();
}
