/**
 * The string column builder against apache-arrow's own reading of what it built: texts
 * short and long, ASCII and not, interned values and per-event JSON documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadArrow, arrow } from '../../../src/encode/columnar/arrow.js';
import { BoolColumn, StringColumn, timestampColumn, type ColumnBuilder } from '../../../src/encode/columnar/column-builders.js';
import { Sym } from '../../../src/engine/sym.js';
import { JsonDocument } from '../../../src/scenario/json-text.js';

function read(column: ColumnBuilder): unknown[] {
  return [...arrow().makeVector(column.finish())] as unknown[];
}

test('any strings, of any length and script, read back as they went in, batch after batch', async () => {
  await loadArrow();
  const column = new StringColumn('s');
  fc.assert(
    fc.property(fc.array(fc.option(fc.string({ unit: 'grapheme', maxLength: 200 }), { nil: null }), { maxLength: 50 }), (values) => {
      for (const value of values) column.append(value);
      assert.deepEqual(read(column), values);
    }),
  );
});

test('interned values, ASCII (copied in 8-byte words) or not, mixed with plain texts and nulls, read back as they went in', async () => {
  await loadArrow();
  const column = new StringColumn('s');
  const value = fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((text) => ({ text, sym: true })),
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => ({ text, sym: true })),
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => ({ text, sym: false })),
    fc.constant(null),
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 60 }), (values) => {
      // A Sym appended twice is written from the words it kept the first time.
      const syms = values.map((v) => (v === null ? null : v.sym ? new Sym(v.text) : v.text));
      for (const v of [...syms, ...syms]) column.append(v);
      const texts = values.map((v) => (v === null ? null : v.text));
      assert.deepEqual(read(column), [...texts, ...texts]);
    }),
  );
});

test('an ASCII interned value keeps its words, a non-ASCII one keeps its bytes', async () => {
  await loadArrow();
  const column = new StringColumn('s');
  const ascii = new Sym('checkout_started', 1);
  const accented = new Sym('página', 2);
  column.append(ascii);
  column.append(accented);
  assert.deepEqual(read(column), ['checkout_started', 'página']);
  assert.equal(ascii.asciiWords?.length, 2, '16 bytes in two words');
  assert.equal(accented.asciiWords, null);
});

test('a JSON document is written from its text and keeps no bytes of its own; an interned value keeps its bytes', async () => {
  await loadArrow();
  const column = new StringColumn('s');
  const text = `{"schema":"iglu:com.example/é/jsonschema/1-0-0","data":{"id":"${'x'.repeat(80)}"}}`;
  const doc = new JsonDocument(text, JSON.stringify(text).slice(1, -1));
  const sym = new Sym('página', 3);
  column.append(doc);
  column.append(sym);
  assert.deepEqual(read(column), [text, 'página']);
  assert.equal(doc.encoded.length, 0, 'nothing cached on a per-event document');
  assert.ok(sym.encoded.length > 0, 'the interned value keeps its bytes for the next event');
});

test('booleans and times with nulls anywhere read back as they went in, batch after batch', async () => {
  await loadArrow();
  const flags = new BoolColumn('b');
  const times = timestampColumn('t', true, false);
  fc.assert(
    fc.property(fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 70 }), fc.array(fc.option(fc.integer({ min: 0, max: 2e12 }), { nil: null }), { maxLength: 70 }), (booleans, ms) => {
      for (const value of booleans) flags.append(value);
      for (const value of ms) times.append(value);
      assert.deepEqual(read(flags), booleans);
      assert.deepEqual(read(times).map((v) => (v === null ? null : Number(v))), ms);
    }),
  );
});
