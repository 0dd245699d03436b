/** Shards of a run as separate processes writing into one topic of a real Kafka broker. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { after } from 'node:test';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';
import { lines, pod, SHARDS } from '../helpers/pods.js';

const kafka = await ensureKafkaBroker();
after(() => kafka.broker?.release());

test('N shard processes into one Kafka topic: the single run’s events, once each, in event-time order per key', { skip: kafka.skip }, async () => {
  const { bootstrap } = kafka.broker!;
  const topic = `clickgen-shards-${process.pid}-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-kafka-shards-'));
  const run = ['generate', '-s', 'shop', '--seed', '5', '--start', '2024-05-01T00:00:00Z', '--duration', '3d', '-q'];
  try {
    const pods = Array.from({ length: SHARDS }, (_, k) => pod([...run, '--shard', `${k}/${SHARDS}`, '-o', `kafka://${bootstrap}/${topic}?key=user_id`], null));
    const single = pod([...run, '-o', join(dir, 'single.ndjson')], null);
    for (const { done } of [...pods, single]) {
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
    }
    const records = await readTopic(bootstrap, topic);
    const whole = lines(join(dir, 'single.ndjson'));
    assert.ok(whole.length > 1_000, `${whole.length} events`);
    assert.deepEqual(records.map((r) => r.value).sort(), [...whole].sort(), 'the topic holds the single run’s events');
    const events = records.map((r) => ({ ...r, event: JSON.parse(r.value) as { event_id: string; user_id: string | null; timestamp: string } }));
    assert.equal(new Set(events.map((e) => e.event.event_id)).size, events.length, 'no event_id twice');
    const lastByKey = new Map<string, string>();
    for (const e of [...events].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
      if (e.key === null) continue;
      assert.equal(e.key, e.event.user_id, 'keyed by user');
      const last = lastByKey.get(`${e.partition}/${e.key}`);
      assert.ok(last === undefined || last <= e.event.timestamp, `user ${e.key}: event time order within partition ${e.partition}`);
      lastByKey.set(`${e.partition}/${e.key}`, e.event.timestamp);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
