import { test } from 'node:test';
import assert from 'node:assert/strict';
import { popularity } from '../../src/inspect/popularity.js';

function zipfViews(products: number, s: number, top: number): Map<string, number> {
  return new Map(Array.from({ length: products }, (_, i) => [`p${i}`, Math.round(top / (i + 1) ** s)]));
}

test('the Zipf fit recovers the exponent of rank-frequency counts', () => {
  for (const s of [0.8, 1, 1.2]) {
    const p = popularity(zipfViews(2000, s, 1_000_000))!;
    assert.ok(Math.abs(p.zipf_exponent! - s) < 0.01, `s=${s}: fitted ${p.zipf_exponent}`);
  }
});

test('top shares count the most viewed products, rounding the count up', () => {
  const views = new Map([
    ['a', 50],
    ['b', 30],
    ['c', 10],
    ['d', 5],
    ['e', 5],
  ]);
  const p = popularity(views)!;
  assert.equal(p.distinct, 5);
  assert.equal(p.views, 100);
  assert.equal(p.top_1pct_share, 0.5, 'top 1% of 5 products is 1 product');
  assert.equal(p.top_20pct_share, 0.5, 'top 20% of 5 products is 1 product');
  assert.deepEqual(p.rank_views[0], [1, 50]);
  assert.deepEqual(p.rank_views[p.rank_views.length - 1], [5, 5]);
  assert.equal(popularity(new Map()), null);
});
