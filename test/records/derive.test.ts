import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { deriveRecordSchema } from '../../src/records/derive.js';
import type { RecordField } from '../../src/records/record-type.js';
import { mergeTypes } from '../../src/records/record-type.js';

function derive(yaml: string): readonly RecordField[] {
  const loaded = parseScenarioText(yaml, 'test.yaml');
  return deriveRecordSchema(compileScenario(loaded.scenario, 1, 'test.yaml')).fields;
}

function field(fields: readonly RecordField[], name: string): RecordField {
  const found = fields.find((f) => f.name === name);
  assert.ok(found, `no field ${name} in ${fields.map((f) => f.name).join(', ')}`);
  return found;
}

const SCENARIO = `
name: t
population: { users: 10, anonymous_rate: 0.1, segments: { a: { weight: 1 }, b: { weight: 1 } } }
catalogs:
  products:
    rows:
      - { id: P1, price: 10, stock: 3 }
      - { id: P2, price: 12.5, stock: 0 }
session:
  vars:
    device: { choice: { mobile: 0.7, desktop: 0.3 } }
    started: { time: epoch-ms }
states:
  home:
    set: { product: { pick: products } }
    fields:
      detail.page: home
    next: { search: 1 }
  search:
    set: { query: { choice: [socks, mugs] } }
    fields:
      detail.page: search
      detail.query: { ref: query }
      results: { number: { type: uniform, min: 0, max: 50 }, decimals: 0 }
      tags: { list: { choice: [a, b] }, length: { type: constant, value: 2 } }
      extra: { object: { at: { time: iso }, score: { number: { type: uniform, min: 0, max: 1 } } } }
  quiet:
    event: null
fields:
  time: { time: iso }
  user_id: { ref: user.id }
  segment: { ref: user.segment }
  type: { ref: event.type }
  device: { ref: device }
  price: { ref: product.price }
  stock: { ref: product.stock }
  first: { ref: event.first }
  rare: { uuid: true, missing_rate: 0.1 }
  maybe: { ip: true, null_rate: 0.5 }
  counter: { counter: { start: 1, step: 0.5 } }
`;

test('types come from each value source: enums, integers, decimals, timestamps, formats', () => {
  const fields = derive(SCENARIO);
  assert.deepEqual(field(fields, 'time').type, { kind: 'timestamp', format: 'iso' });
  assert.deepEqual(field(fields, 'user_id'), { name: 'user_id', type: { kind: 'int' }, nullable: true, optional: false });
  assert.deepEqual(field(fields, 'segment').type, { kind: 'string', values: ['a', 'b'] });
  // The silent state writes no event, so its name is no event type.
  assert.deepEqual(field(fields, 'type').type, { kind: 'string', values: ['home', 'search'] });
  assert.deepEqual(field(fields, 'device'), { name: 'device', type: { kind: 'string', values: ['mobile', 'desktop'] }, nullable: false, optional: false });
  assert.deepEqual(field(fields, 'stock').type, { kind: 'int' });
  assert.deepEqual(field(fields, 'first').type, { kind: 'boolean' });
  assert.deepEqual(field(fields, 'counter').type, { kind: 'decimal' });
});

test('a catalog column with whole and fractional numbers is a decimal, nullable while no row is picked', () => {
  const price = field(derive(SCENARIO), 'price');
  assert.deepEqual(price, { name: 'price', type: { kind: 'decimal' }, nullable: true, optional: false });
});

test("a generated catalog's texts are the same for every seed: a listed column's all in the scenario's order, another's sorted", () => {
  const yaml = `
name: t
population: { users: 10 }
catalogs:
  items:
    size: 3
    columns:
      colour: { choice: [red, green, blue, cyan, magenta, yellow, black, white] }
      code: { template: "I{n}", with: { n: { number: { type: uniform, min: 1, max: 9 }, decimals: 0 } } }
      shade: { match: colour, cases: { red: dark, green: light }, default: { ref: colour } }
states:
  view:
    set: { item: { pick: items } }
fields:
  colour: { ref: item.colour }
  code: { ref: item.code }
  shade: { ref: item.shade }
`;
  const loaded = parseScenarioText(yaml, 'test.yaml');
  const colours = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'];
  for (let seed = 1; seed <= 20; seed++) {
    const fields = deriveRecordSchema(compileScenario(loaded.scenario, seed, 'test.yaml')).fields;
    // Three rows draw at most three of the eight colours, another three for another seed.
    assert.deepEqual(field(fields, 'colour').type, { kind: 'string', values: colours }, `seed ${seed}`);
    assert.deepEqual(field(fields, 'shade').type, { kind: 'string', values: ['dark', 'light', ...colours] }, `seed ${seed}`);
    const code = field(fields, 'code').type;
    assert.ok(code.kind === 'string' && code.values !== undefined && code.values.join() === [...code.values].sort().join(), `seed ${seed}: ${JSON.stringify(code)}`);
  }
});

test('missing_rate makes a field optional, null_rate nullable', () => {
  const fields = derive(SCENARIO);
  assert.deepEqual(field(fields, 'rare'), { name: 'rare', type: { kind: 'string', format: 'uuid' }, nullable: false, optional: true });
  assert.deepEqual(field(fields, 'maybe'), { name: 'maybe', type: { kind: 'string', format: 'ipv4' }, nullable: true, optional: false });
});

test('dotted names nest; a field only some states write is optional; literals of several states make an enum', () => {
  const fields = derive(SCENARIO);
  const detail = field(fields, 'detail');
  assert.equal(detail.optional, false);
  assert.equal(detail.type.kind, 'object');
  const members = detail.type.kind === 'object' ? detail.type.fields : [];
  assert.deepEqual(field(members, 'page'), { name: 'page', type: { kind: 'string', values: ['home', 'search'] }, nullable: false, optional: false });
  // A variable set by the state that writes it; another session's variable could be unset, so it may be absent.
  assert.equal(field(members, 'query').optional, true);
  assert.deepEqual(field(fields, 'results'), { name: 'results', type: { kind: 'int' }, nullable: false, optional: true });
});

test('lists are arrays of their item type; a time inside an object is epoch milliseconds', () => {
  const fields = derive(SCENARIO);
  assert.deepEqual(field(fields, 'tags').type, { kind: 'array', items: { kind: 'string', values: ['a', 'b'] }, itemsNullable: false });
  const extra = field(fields, 'extra').type;
  assert.equal(extra.kind, 'object');
  if (extra.kind === 'object') {
    assert.deepEqual(field(extra.fields, 'at').type, { kind: 'timestamp', format: 'epoch-ms' });
    assert.deepEqual(field(extra.fields, 'score').type, { kind: 'decimal' });
  }
});

test('fields in output order: the scenario fields, then fields only states add', () => {
  const names = derive(SCENARIO).map((f) => f.name);
  assert.deepEqual(names, ['time', 'user_id', 'segment', 'type', 'device', 'price', 'stock', 'first', 'rare', 'maybe', 'counter', 'detail', 'results', 'tags', 'extra']);
});

test('a field that is text in one state and a number in another is bad input naming the field', () => {
  const yaml = `
name: t
states:
  a: { fields: { x: hello }, next: { b: 1 } }
  b: { fields: { x: 3 } }
fields: { y: 1 }
`;
  assert.throws(() => derive(yaml), /t: cannot derive a record schema: field x is a string in one place and an integer in another/);
});

test('merging types: int widens to decimal, enums unite, a fixed list and free text give text', () => {
  assert.deepEqual(mergeTypes({ kind: 'int' }, { kind: 'decimal' }, 'f'), { kind: 'decimal' });
  assert.deepEqual(mergeTypes({ kind: 'string', values: ['a'] }, { kind: 'string', values: ['b', 'a'] }, 'f'), { kind: 'string', values: ['a', 'b'] });
  assert.deepEqual(mergeTypes({ kind: 'string', values: ['a'] }, { kind: 'string' }, 'f'), { kind: 'string' });
  assert.throws(() => mergeTypes({ kind: 'timestamp', format: 'iso' }, { kind: 'timestamp', format: 'epoch-ms' }, 'f'), /f is a timestamp written as iso in one place and as epoch-ms in another/);
});

test('two enums merge to the first one\'s values in order, then the second one\'s new values, each once', () => {
  const values = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 8 }).map((list) => [...new Set(list)]);
  fc.assert(
    fc.property(values, values, (a, b) => {
      const merged = mergeTypes({ kind: 'string', values: a }, { kind: 'string', values: b }, 'field');
      assert.deepEqual(merged, { kind: 'string', values: [...a, ...b.filter((v) => !a.includes(v))] });
    }),
  );
});
