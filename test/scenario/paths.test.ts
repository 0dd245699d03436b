import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatPath, parsePath, setAtPath, type PathKey } from '../../src/scenario/paths.js';

/** Keys as scenarios have them: plain names, names with dots, quotes, brackets, unicode; list positions. */
const key: fc.Arbitrary<PathKey> = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/),
  fc.string({ maxLength: 8, unit: 'grapheme' }),
  fc.string({ maxLength: 6 }).map((s) => `${s}."[]\\${s}`),
  fc.nat({ max: 1000 }),
);

test('parsePath reads back every path formatPath writes', () => {
  fc.assert(
    fc.property(fc.array(key, { minLength: 1, maxLength: 6 }), (path) => {
      assert.deepEqual(parsePath(formatPath(path)), path);
    }),
    { numRuns: 2000 },
  );
});

test('formatPath writes plain keys with dots and the rest in brackets', () => {
  assert.equal(formatPath(['states', 'home', 'next', 'search']), 'states.home.next.search');
  assert.equal(formatPath(['fields', 'page_info.page_url']), 'fields["page_info.page_url"]');
  assert.equal(formatPath(['catalogs', 'p', 'rows', 3, 'price']), 'catalogs.p.rows[3].price');
  assert.equal(formatPath(['a]b']), '["a]b"]');
  assert.equal(formatPath([]), '(top level)');
});

test('parsePath: the forms --set users write', () => {
  assert.deepEqual(parsePath('arrivals.rate'), ['arrivals', 'rate']);
  assert.deepEqual(parsePath('fields["page_info.page_url"].null_rate'), ['fields', 'page_info.page_url', 'null_rate']);
  assert.deepEqual(parsePath('list[2]'), ['list', 2]);
  assert.deepEqual(parsePath('["a]b"].x'), ['a]b', 'x']);
  for (const bad of ['', '.', 'a..b', 'a.', 'a[', 'a[x]', 'a["x"', '[1.5]', '[null]']) assert.equal(parsePath(bad), null, bad);
});

test('parsePath never throws: a path or null', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), (text) => {
      const path = parsePath(text);
      assert.ok(path === null || (path.length > 0 && path.every((k) => typeof k === 'string' || Number.isInteger(k))));
    }),
    { numRuns: 2000 },
  );
});

test('setAtPath sets a key named __proto__ as an own key, and no prototype changes', () => {
  const root: Record<string, unknown> = {};
  assert.equal(setAtPath(root, ['__proto__', 'polluted'], 1), true);
  assert.deepEqual(Object.getOwnPropertyDescriptor(root, '__proto__')?.value, { polluted: 1 });
  assert.equal(Object.getPrototypeOf(root), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(setAtPath(root, ['toString'], 'x'), true);
  assert.equal(Object.getOwnPropertyDescriptor(root, 'toString')?.value, 'x');
});

test('setAtPath creates mappings on the way and refuses to go inside a scalar', () => {
  const root: Record<string, unknown> = { name: 'x' };
  assert.equal(setAtPath(root, ['arrivals', 'rate'], 5), true);
  assert.deepEqual(root, { name: 'x', arrivals: { rate: 5 } });
  assert.equal(setAtPath(root, ['name', 'first'], 'y'), false);
  assert.deepEqual(root, { name: 'x', arrivals: { rate: 5 } });
});
