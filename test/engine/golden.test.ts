import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBytes, sha256 } from '../helpers/generate.js';

/**
 * Golden runs: 10,000 events of each built-in scenario under a fixed seed and start.
 * A change here changes every dataset users have generated: when the model changes on
 * purpose, update the hash in the same commit and say why.
 */
const GOLDEN: Record<string, { seed: number; sha256: string }> = {
  'gift-shop': { seed: 42, sha256: 'c4295505ed5ec98274b9d8782c29e2c414ab447cb480cba5b89e4bce1b5d00a3' },
};

for (const [scenario, { seed, sha256: expected }] of Object.entries(GOLDEN)) {
  test(`${scenario}: 10,000 events with seed ${seed} hash to the golden value`, async () => {
    const { bytes } = await generateBytes(scenario, { seed, count: 10_000 });
    assert.equal(sha256(bytes), expected);
  });
}

test('the output does not depend on the batch size', async () => {
  const reference = await generateBytes('gift-shop', { seed: 42, count: 10_000 });
  const small = await generateBytes('gift-shop', { seed: 42, count: 10_000, batchBytes: 4096, batchRecords: 7 });
  assert.equal(sha256(small.bytes), sha256(reference.bytes));
});
