/**
 * Kafka sink throughput: ~250-byte JSON records keyed by user_id, batch produce with lz4 and
 * idempotence (the defaults) to a local broker, timed from the first write until close()
 * returns, i.e. until the broker acknowledged every record. The records are built before the
 * clock starts, so this measures the sink, the client library and the broker, not the engine.
 *   scripts/kafka-broker.sh start
 *   node --import tsx bench/kafka.ts [events] [rounds] [extra target query, e.g. compression=none]
 */
import { createKafkaSink } from '../src/sinks/kafka.js';
import type { RecordBatch } from '../src/sinks/types.js';
import { brokerCpuSeconds, fmt, machine, median, reachable, readBrokerPid } from './lib.js';

const events = Number(process.argv[2] ?? 500_000);
const rounds = Number(process.argv[3] ?? 5);
const extraQuery = process.argv[4] ?? '';
const bootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`;
const BATCH = 5_000;
const USERS = 20_000;

if (!(await reachable(bootstrap))) {
  console.log(`kafka: no broker at ${bootstrap}; start one with scripts/kafka-broker.sh start (skipped)`);
  process.exit(0);
}

const batches = buildBatches(events);
const recordBytes = batches.reduce((sum, batch) => sum + batch.bytes.length - batch.count, 0);
const rates: number[] = [];
const clientCpu: number[] = [];
const brokerCpu: number[] = [];
const brokerPid = readBrokerPid();
for (let round = 0; round < rounds; round++) {
  const topic = `bench-kafka-${process.pid}-${round}`;
  const sink = createKafkaSink(`kafka://${bootstrap}/${topic}?partitions=6${extraQuery ? `&${extraQuery}` : ''}`, { defaults: { key: 'user_id' }, env: {} });
  await sink.open({ header: null, format: 'ndjson' });
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  const brokerBefore = brokerCpuSeconds(brokerPid);
  for (const batch of batches) await sink.write(batch);
  await sink.close();
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clientCpu.push((cpu.user + cpu.system) / events);
  brokerCpu.push(((brokerCpuSeconds(brokerPid) - brokerBefore) * 1e6) / events);
  const stats = sink.stats();
  if (stats.delivered !== events) throw new Error(`round ${round}: delivered ${stats.delivered} of ${events}`);
  rates.push(events / seconds);
}

const rate = median(rates);
console.log(`kafka sink, ${fmt(events)} records of ${Math.round(recordBytes / events)} bytes, ${extraQuery || 'lz4, idempotent, acks=all'}, 6 partitions, median of ${rounds} rounds; ${machine()}`);
console.log(`  ${fmt(rate).padStart(11)} events/s  ${((rate * recordBytes) / events / 1e6).toFixed(1).padStart(6)} MB/s  (rounds: ${rates.map(fmt).join(', ')})`);
// CPU time per record is steadier than wall time on a shared machine: it says what the
// client and the broker would sustain with a core each to themselves.
console.log(`  CPU per record: client ${median(clientCpu).toFixed(2)} µs${brokerPid ? `, broker ${median(brokerCpu).toFixed(2)} µs` : ''}`);

/** Batches as the pipeline hands them over: NDJSON lines, their ends, event times and keys. */
function buildBatches(total: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let from = 0; from < total; from += BATCH) {
    const count = Math.min(BATCH, total - from);
    const lines: Buffer[] = [];
    const keys: string[] = [];
    const ends = new Uint32Array(count);
    const times = new Float64Array(count);
    let end = 0;
    for (let i = 0; i < count; i++) {
      const seq = from + i;
      const user = `user_${String((seq * 7919) % USERS).padStart(9, '0')}`;
      const line = Buffer.from(
        `${JSON.stringify({
          event_id: `evt_${start + seq}_${seq % 1_000_000}`,
          event_type: ['page_view', 'product_view', 'search', 'add_to_cart'][seq % 4],
          timestamp: new Date(start + seq * 50).toISOString(),
          session_id: `sess_${start + seq}_${user}`,
          user_id: user,
          page_url: `/product/prod_electronics_${seq % 5000}`,
          device: seq % 3 === 0 ? 'desktop' : 'mobile',
        })}\n`,
      );
      lines.push(line);
      keys.push(user);
      end += line.length;
      ends[i] = end;
      times[i] = start + seq * 50;
    }
    out.push({ bytes: Buffer.concat(lines), ends, count, times, keys, objects: undefined });
  }
  return out;
}
