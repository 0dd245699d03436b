import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBytes, sha256 } from '../helpers/generate.js';

/**
 * Golden runs: 10,000 events of each built-in scenario under a fixed seed and start.
 * A change here changes every dataset users have generated: when the model changes on
 * purpose, update the hash in the same commit and say why.
 */
const GOLDEN: Record<string, { seed: number; sha256: string; tsv?: true }> = {
  // The default scenario.
  shop: { seed: 42, sha256: '8ac3a5916d00ee61e6d3572581ea06edf4511319d89baac9741885e220ac7f88' },
  'gift-shop': { seed: 42, sha256: 'b394f92628409e8e65fe58a75086fdb84f90d93177f2e202445e9861ccb57e81' },
  cart: { seed: 2, sha256: 'd0dcf6e55e76f3f2a777be219a2f367e7076047c02dbb7b40316dfce003094fc' },
  travel: { seed: 3, sha256: 'd7108632dd060baaaa7c5b0e05b37784d24d31deb3c5a91ccfaa135fdb54e367' },
  // One per vocabulary (scenarios/vocabularies/): shop's sessions in each one's words.
  'shop-ga4': { seed: 42, sha256: '105d48641a10d0d58a9d0dc41b6786ffaaf8eb7565a665aed5a42ec0b24c1717' },
  'shop-segment': { seed: 42, sha256: '9615f1849ca2a65b9e64b93718351c9cbfe9c9849aafa4e481d76e374fe4de80' },
  'shop-snowplow': { seed: 42, sha256: '132045487b9557fa903ccc6a9de3f440cc22b9db93991d3c99cae2e87aee6fc3' },
  // As the enriched stream's TSV line is written: --format tsv --no-header.
  'shop-snowplow-enriched': { seed: 42, sha256: 'b600ade50e0787033eb44200c4ff24d6c8191eef79942c85f20fa0a939e329d7', tsv: true },
};

for (const [scenario, { seed, sha256: expected, tsv }] of Object.entries(GOLDEN)) {
  test(`${scenario}: 10,000 events with seed ${seed} hash to the golden value`, async () => {
    const { bytes } = await generateBytes(scenario, { seed, count: 10_000, ...(tsv ? { format: 'tsv', header: false } : {}) });
    assert.equal(sha256(bytes), expected);
  });
}

/**
 * Faults are part of the contract too: which events are late, dropped, duplicated and broken,
 * and the bytes of each broken record. 10,000 gift-shop events with every fault at 1-5 %.
 */
test('gift-shop with every fault: 10,000 events with seed 42 hash to the golden value', async () => {
  const set = ['delivery.late_rate=0.05', 'delivery.late_delay={"type":"uniform","min":10,"max":120}', 'faults.duplicates.share=0.01', 'faults.drop.share=0.01', 'faults.bad_records.share=0.01'];
  const { bytes } = await generateBytes('gift-shop', { seed: 42, count: 10_000, set });
  assert.equal(sha256(bytes), 'c449c8ef78de83d471763edf07cd3f59094be59aa3c2bf19b63f8e80e8fbc9ec');
});

for (const scenario of ['gift-shop', 'cart']) {
  test(`${scenario}: the output does not depend on the batch size`, async () => {
    const reference = await generateBytes(scenario, { seed: 42, count: 10_000 });
    const small = await generateBytes(scenario, { seed: 42, count: 10_000, batchBytes: 4096, batchRecords: 7 });
    assert.equal(sha256(small.bytes), sha256(reference.bytes));
  });
}
