/**
 * The `cart` scenario into a real Kafka broker: records keyed by user_id (the scenario's sink
 * default), in the order a pipeline receives them, late ones out of event-time order, with
 * their event time as the record timestamp. Read back with kcat, not the sink's client.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { ensureKafkaBroker } from '../helpers/kafka.js';
import { generateToKafka } from './generate-to-kafka.js';

const setup = await ensureKafkaBroker();
after(() => setup.broker?.release());

test('cart: the scenario names topic clickstream as its Kafka default', () => {
  assert.equal(compileScenario(loadScenario('cart').scenario, 1).sinks.kafka?.topic, 'clickstream');
});

test('cart: -o kafka:// writes records keyed by user_id in processing-time order', { skip: setup.skip }, async () => {
  // A topic of this run's own, so other runs on the broker do not mix in; the key comes from the scenario.
  const topic = `clickstream-${process.pid}`;
  const { records, expected } = await generateToKafka(setup.broker!.bootstrap, topic, ['-s', 'cart', '-n', '3000', '--start', '2026-01-01T00:00:00Z']);
  // One partition: the topic holds the records in the order they were written.
  assert.deepEqual(
    records.map((r) => JSON.parse(r.value) as unknown),
    expected,
  );
  for (const record of records) {
    const event = JSON.parse(record.value) as { user_id: string; event_time: number };
    assert.equal(record.key, event.user_id);
    assert.equal(record.timestamp, event.event_time);
  }
  const late = expected.filter((e) => (e.processing_time as number) > (e.event_time as number)).length;
  assert.ok(late > 50, `${late} late events`);
});
