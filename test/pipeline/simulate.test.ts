import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate } from '../../src/pipeline/simulate.js';

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
