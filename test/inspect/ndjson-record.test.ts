import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fieldOf, parseJsonLine } from '../../src/inspect/ndjson-record.js';

test('any JSON object reads back equal (property)', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
      assert.deepEqual(parseJsonLine(JSON.stringify(object)), JSON.parse(JSON.stringify(object)));
    }),
    { numRuns: 1000 },
  );
});

test('a JSON value that is not an object, or text that is not JSON, is reported, never thrown (property)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => JSON.stringify(v)), fc.string()), (line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
      const result = parseJsonLine(line);
      if (isObject) assert.equal(typeof result, 'object');
      else assert.equal(typeof result, 'string');
    }),
    { numRuns: 1000 },
  );
  assert.match(parseJsonLine('{"a": 1') as string, /^not valid JSON/);
  assert.equal(parseJsonLine('[1, 2]'), 'not a JSON object');
});

test('fields by flat dotted name first, then by nested path', () => {
  const record = { 'page_info.page_url': '/flat', page_info: { page_url: '/nested' }, session: { id: 's1' }, n: 0 };
  assert.equal(fieldOf(record, 'page_info.page_url', ['page_info', 'page_url']), '/flat');
  assert.equal(fieldOf(record, 'session.id', ['session', 'id']), 's1');
  assert.equal(fieldOf(record, 'session.missing', ['session', 'missing']), undefined);
  assert.equal(fieldOf(record, 'n.deeper', ['n', 'deeper']), undefined);
  assert.equal(fieldOf(record, 'n', ['n']), 0);
});

test('paths go on through JSON written as text, and into arrays by index, by the key of key-value items or by the name of an Iglu schema', () => {
  const record = parseJsonLine(
    JSON.stringify({
      ue_pr: JSON.stringify({ data: { data: { type: 'transaction' } } }),
      text: '{not json',
      items: [{ item_id: 'SKU-1' }],
      event_params: [{ key: 'ga_session_id', value: { string_value: null, int_value: 1704067200 } }, { key: 'page', value: { string_value: '/' } }],
      co: JSON.stringify({
        data: [
          { schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: 'x' } },
          { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0', data: { id: 'SKU-2', price: 5 } },
        ],
      }),
    }),
  ) as Record<string, unknown>;
  const at = (name: string): unknown => fieldOf(record, name, name.split('.'));
  assert.equal(at('ue_pr.data.data.type'), 'transaction');
  assert.equal(at('text.data'), undefined);
  assert.equal(at('items.0.item_id'), 'SKU-1');
  assert.equal(at('items.1.item_id'), undefined);
  assert.equal(at('event_params.ga_session_id'), 1704067200, 'the typed value that is set');
  assert.equal(at('event_params.page'), '/');
  assert.equal(at('event_params.missing'), undefined);
  assert.equal(at('co.data.product.data.id'), 'SKU-2', "Snowplow's product entity");
  assert.equal(at('co.data.web_page.data.id'), 'x');
  assert.equal(at('co.data.transaction.data.revenue'), undefined, 'no entity of that name');
  assert.equal(at('co.data.ecommerce.data.id'), undefined, 'a vendor is not a name');
});

test('nested paths find every leaf of a generated object (property)', () => {
  const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), minLength: 1, maxLength: 3 });
  fc.assert(
    fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.oneof(fc.integer(), fc.string()), (path, leaf) => {
      let node: unknown = leaf;
      for (const k of [...path].reverse()) node = { [k]: node };
      const record = parseJsonLine(JSON.stringify(node)) as Record<string, unknown>;
      assert.deepEqual(fieldOf(record, path.join('.'), path), leaf);
    }),
  );
});
