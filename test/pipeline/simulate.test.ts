import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate, type SimulateOptions } from '../../src/pipeline/simulate.js';

test('simulate() yields a scenario with late delivery in processing-time order', async () => {
  let previous = -Infinity;
  let outOfOrder = 0;
  let latest = -Infinity;
  let n = 0;
  for await (const event of simulate({ scenario: 'cart', count: 5000, seed: 4 })) {
    const received = event.processing_time as number;
    const happened = event.event_time as number;
    assert.ok(received >= previous, `event ${n} received before the one written ahead of it`);
    previous = received;
    if (happened < latest) outOfOrder++;
    latest = Math.max(latest, happened);
    n++;
  }
  assert.equal(n, 5000);
  assert.ok(outOfOrder > 100, `${outOfOrder} events out of order`);
});

test("set takes an object of paths and values, the same as ['path=value'] strings", async () => {
  const collect = async (set: SimulateOptions['set']) => {
    const out: Record<string, unknown>[] = [];
    for await (const event of simulate({ scenario: 'gift-shop', count: 200, seed: 3, set })) out.push(event);
    return out;
  };
  const asObject = await collect({ 'arrivals.rate': 2, 'states.home.next.search': 0.9 });
  const asStrings = await collect(['arrivals.rate=2', 'states.home.next.search=0.9']);
  assert.deepEqual(asObject, asStrings);
  assert.notDeepEqual(asObject, await collect([]), 'the overrides change the events');
});
