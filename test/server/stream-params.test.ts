import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BadParameter, LIMITS, parseStreamParams } from '../../src/server/stream-params.js';

const names = ['gift-shop', 'ecommerce'];
const parse = (query: string) => parseStreamParams(new URLSearchParams(query), names);

test('defaults are the seed system\'s: 1,000 events/s for 60 s, NDJSON, no cap', () => {
  assert.deepEqual(parse(''), { rate: 1_000, duration: 60, count: undefined, seed: undefined, scenario: undefined, format: 'ndjson' });
});

test('rate is accepted exactly when it is a plain decimal number from 1 to 50,000', () => {
  fc.assert(
    fc.property(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String), fc.integer({ min: -10, max: 60_000 }).map(String), fc.string()), (text) => {
      const valid = /^\d+(\.\d+)?$/.test(text) && Number(text) >= LIMITS.rate.min && Number(text) <= LIMITS.rate.max;
      try {
        const params = parse(`rate=${encodeURIComponent(text)}`);
        assert.ok(valid, `accepted ${text}`);
        assert.equal(params.rate, Number(text));
      } catch (error) {
        assert.ok(error instanceof BadParameter, String(error));
        assert.ok(!valid, `rejected ${text}`);
        assert.equal(error.parameter, 'rate');
      }
    }),
  );
});

test('duration is 1 to 300 seconds; count and seed are whole numbers', () => {
  assert.equal(parse('duration=300').duration, 300);
  assert.equal(parse('duration=1.5').duration, 1.5);
  for (const bad of ['duration=0.5', 'duration=300.1', 'duration=', 'count=0', 'count=2.0', 'count=1e3', 'seed=-1', 'seed=9007199254740992']) {
    assert.throws(() => parse(bad), BadParameter, bad);
  }
  fc.assert(
    fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (count, seed) => {
      const params = parse(`count=${count}&seed=${seed}`);
      assert.equal(params.count, count);
      assert.equal(params.seed, seed);
    }),
  );
});

test('scenario names a built-in only, format is ndjson or csv, and nothing else is accepted', () => {
  assert.equal(parse('scenario=ecommerce').scenario, 'ecommerce');
  assert.equal(parse('format=csv').format, 'csv');
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), (name) => {
      if (names.includes(name)) return;
      assert.throws(() => parse(`scenario=${encodeURIComponent(name)}`), BadParameter);
    }),
  );
  assert.throws(() => parse('verbose=1'), (error: BadParameter) => error.parameter === 'verbose');
  assert.throws(() => parse('format=csv&format=ndjson'), (error: BadParameter) => error.parameter === 'format');
});
