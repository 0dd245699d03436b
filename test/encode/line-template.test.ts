import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineTemplateEncoder } from '../../src/encode/line-template.js';
import { compileRandom, encodeOne, forEachEvent } from '../helpers/random-scenarios.js';

test('line template: {field:04} zero-pads numbers; line breaks inside values are written as \\n and \\r, one record per line', () => {
  const compiled = compileRandom({
    name: 'lines',
    states: { a: {} },
    fields: { n: { counter: true }, note: 'first line\nsecond\r\nthird', label: { choice: ['plain', 'two\nlines'] } },
  });
  assert.ok(compiled !== null);
  const encoder = new LineTemplateEncoder(compiled.schema, '{n:04}|{note}|{label}|{n}', 'format.txt');
  let expectedN = 0;
  forEachEvent(compiled, 50, (event) => {
    const line = encodeOne(encoder, event).toString('utf8');
    assert.equal(line.indexOf('\n'), line.length - 1, `one line: ${JSON.stringify(line)}`);
    const [padded, note, label, n] = line.slice(0, -1).split('|');
    assert.equal(padded, String(expectedN).padStart(4, '0'));
    assert.equal(n, String(expectedN));
    assert.equal(note, 'first line\\nsecond\\r\\nthird');
    assert.ok(label === 'plain' || label === 'two\\nlines', label);
    expectedN++;
  });
  assert.equal(expectedN, 50);
});

test('line template: a json field is written as its one-line text per event, and the document keeps no bytes', () => {
  const compiled = compileRandom({ name: 'docs', states: { a: {} }, fields: { doc: { json: { object: { id: { uuid: true }, note: 'a\nb' } } } } });
  assert.ok(compiled !== null);
  const encoder = new LineTemplateEncoder(compiled.schema, '[{doc}]', 'format.txt');
  const column = compiled.schema.fields.find((f) => f.name === 'doc')!.index;
  forEachEvent(compiled, 20, (event) => {
    const doc = event.values[column] as { text: string; encoded: unknown[] };
    assert.equal(encodeOne(encoder, event).toString('utf8'), `[${doc.text}]\n`);
    assert.equal(doc.encoded.length, 0);
  });
});
