import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileText } from '../helpers/run-scenario.js';

const scenario = (price: string): string => `
name: prices
catalogs:
  products:
    size: 500
    columns:
      category: { choice: [cheap, dear] }
      price: ${price}
states:
  visit: {}
fields:
  a: 1
`;

test('a catalog column may depend on a column before it', () => {
  const compiled = compileText(scenario('{ match: category, cases: { cheap: { number: { type: uniform, min: 1, max: 10 } }, dear: { number: { type: uniform, min: 100, max: 1000 } } } }'));
  const rows = compiled.catalogs.get('products')!.rows;
  for (const [category, price] of rows) {
    const p = price as number;
    if ((category as { text: string }).text === 'cheap') assert.ok(p >= 1 && p <= 10, `cheap at ${p}`);
    else assert.ok(p >= 100 && p <= 1000, `dear at ${p}`);
  }
  const text = (c: unknown): string => (c as { text: string }).text;
  assert.ok(rows.some(([c]) => text(c) === 'cheap') && rows.some(([c]) => text(c) === 'dear'));
});

test('a column may not refer to a column after it', () => {
  assert.throws(
    () =>
      compileText(`
name: order
catalogs:
  c:
    size: 3
    columns:
      first: { ref: second }
      second: { const: 1 }
states: { visit: {} }
fields: { a: 1 }
`),
    /catalogs\.c\.columns\.first\.ref: unknown reference "second"/,
  );
});
