import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { Sym } from '../../src/engine/sym.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { text } from '../scenarios/scenario-run.js';

function catalogOf(columns: string, size = 2000, seed = 3) {
  const text = `
name: shelf
catalogs:
  items:
    size: ${size}
    columns:
${columns}
states: { home: {} }
fields: { item: { pick: items } }
`;
  const loaded = parseScenarioText(text, 'shelf.yaml');
  return compileScenario(loaded.scenario, seed).catalogs.get('items')!;
}

const BY_CATEGORY = `
      category: { choice: [cheap, dear] }
      price:
        match: category
        cases:
          cheap: { number: { type: uniform, min: 1, max: 10 }, decimals: 2 }
          dear: { number: { type: uniform, min: 100, max: 1000 }, decimals: 2 }
      label: { template: "{category}-{index:04}-{price}" }
`;

test('a generated column uses the columns before it in its row', () => {
  const items = catalogOf(BY_CATEGORY);
  assert.deepEqual(items.columns, ['category', 'price', 'label']);
  const seen = new Set<string>();
  items.rows.forEach((row, i) => {
    const [category, price, label] = [text(row[0]), row[1] as number, text(row[2])];
    seen.add(category);
    if (category === 'cheap') assert.ok(price >= 1 && price <= 10, `cheap at ${price}`);
    else assert.ok(price >= 100 && price <= 1000, `dear at ${price}`);
    assert.equal(label, `${category}-${String(i + 1).padStart(4, '0')}-${price}`);
  });
  assert.deepEqual([...seen].sort(), ['cheap', 'dear']);
});

test('generated texts of a catalog of up to 8,192 rows are interned, of a larger one kept as made', () => {
  const small = catalogOf(BY_CATEGORY, 8192);
  assert.ok(small.rows.every((row) => row[2] instanceof Sym && row[2].index >= 0));
  assert.equal(new Set(small.rows.map((row) => row[2])).size, 8192);
  const large = catalogOf(BY_CATEGORY, 8193);
  assert.ok(large.rows.every((row) => typeof row[2] === 'string'));
  assert.deepEqual(
    large.rows.slice(0, 8192).map((row) => text(row[2])),
    small.rows.map((row) => text(row[2])),
  );
});

test('catalog rows depend only on the seed and the catalog', () => {
  const a = catalogOf(BY_CATEGORY, 500, 11);
  const b = catalogOf(BY_CATEGORY, 500, 11);
  const c = catalogOf(BY_CATEGORY, 500, 12);
  assert.deepEqual(a.rows, b.rows);
  assert.notDeepEqual(a.rows, c.rows);
});

test('a column cannot use a column after it: the error lists what it can use', () => {
  assert.throws(
    () => catalogOf(`
      label: { template: "{category}" }
      category: { choice: [a, b] }
`),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /^shelf\.yaml:\d+:\d+: catalogs\.items\.columns\.label\.template: unknown reference "category"; use a variable \(index\)/);
      return true;
    },
  );
});
