import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBytes, sha256 } from '../helpers/generate.js';

/**
 * Golden runs: 10,000 events of each built-in scenario under a fixed seed and start.
 * A change here changes every dataset users have generated: when the model changes on
 * purpose, update the hash in the same commit and say why.
 */
const GOLDEN: Record<string, { seed: number; sha256: string; tsv?: true }> = {
  'gift-shop': { seed: 42, sha256: 'c4295505ed5ec98274b9d8782c29e2c414ab447cb480cba5b89e4bce1b5d00a3' },
  cart: { seed: 2, sha256: 'd4babc8f47a86852b5a4da35f2285e0ec30cbf6d3bf04422416ca848dae63368' },
  travel: { seed: 3, sha256: 'f2d5e078bf64085bdbb8289fc8c99ccaa2109da83f1bbb1cecbf0d38c7b1d9f0' },
  // One per vocabulary (scenarios/vocabularies/): shop's sessions in each one's words.
  'shop-ga4': { seed: 42, sha256: '3740d6a59305ac69fc2b8c5e34643b494df3f037d421e8eb2637f73eb680e412' },
  'shop-segment': { seed: 42, sha256: '8925d25befae3c10faf5e3444afb4d3a3576b318f723777ac56eb98740f08b94' },
  'shop-snowplow': { seed: 42, sha256: 'aee10c3c10059e2e6356175033d28d337a73c2c1c9fd62c8d9eaa1628a9641be' },
  // As the enriched stream's TSV line is written: --format tsv --no-header.
  'shop-snowplow-enriched': { seed: 42, sha256: '02fa2d08d7f60dfb9a69ae8ce5476ad29c07d8e1e2aca8238fe77bb338f0a990', tsv: true },
};

for (const [scenario, { seed, sha256: expected, tsv }] of Object.entries(GOLDEN)) {
  test(`${scenario}: 10,000 events with seed ${seed} hash to the golden value`, async () => {
    const { bytes } = await generateBytes(scenario, { seed, count: 10_000, ...(tsv ? { format: 'tsv', header: false } : {}) });
    assert.equal(sha256(bytes), expected);
  });
}

for (const scenario of ['gift-shop', 'cart']) {
  test(`${scenario}: the output does not depend on the batch size`, async () => {
    const reference = await generateBytes(scenario, { seed: 42, count: 10_000 });
    const small = await generateBytes(scenario, { seed: 42, count: 10_000, batchBytes: 4096, batchRecords: 7 });
    assert.equal(sha256(small.bytes), sha256(reference.bytes));
  });
}
