import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventView, OutputSchema } from '../../src/engine/event.js';
import { Sym } from '../../src/engine/sym.js';
import { PythonJsonEncoder } from '../../src/encode/python-json.js';
import { JsonDocument } from '../../src/scenario/json-text.js';

const schema: OutputSchema = {
  fields: [
    { index: 0, name: '__time', path: ['__time'], time: 'iso' },
    { index: 1, name: 'user_id', path: ['user_id'] },
    { index: 2, name: 'event_type', path: ['event_type'] },
    { index: 3, name: 'score', path: ['score'] },
    { index: 4, name: 'keyword', path: ['keyword'] },
    { index: 5, name: 'a.b', path: ['a', 'b'] },
    { index: 6, name: 'extra', path: ['extra'] },
  ],
  layouts: [{ id: 0, columns: [0, 1, 2, 3, 4, 5, 6] }],
  indexOf: (name) => schema.fields.findIndex((f) => f.name === name),
};

function encode(values: unknown[], floats: string[] = ['score']): string {
  const encoder = new PythonJsonEncoder(schema, new Set(floats));
  const event = { time: 0, type: new Sym('click'), session: 0, layout: schema.layouts[0], values } as EventView;
  const out = new Uint8Array(4096);
  return Buffer.from(out.subarray(0, encoder.encode(event, out, 0))).toString('utf8');
}

test('byte for byte as Python json.dumps writes a record', () => {
  const line = encode([Date.UTC(2024, 0, 1, 0, 0, 4, 94), 885, new Sym('login'), 5, null, 'x', { k: [1, 'é'] }]);
  assert.equal(line, '{"__time": "2024-01-01T00:00:04.094000+00:00", "user_id": 885, "event_type": "login", "score": 5.0, "keyword": null, "a.b": "x", "extra": {"k": [1, "\\u00e9"]}}\n');
});

test('absent fields are left out, times without milliseconds have no fraction, strings are escaped', () => {
  const line = encode([Date.UTC(2024, 0, 1, 0, 0, 5), undefined, 'caf\u00e9 "q"', 2.5, true, undefined, undefined]);
  assert.equal(line, '{"__time": "2024-01-01T00:00:05+00:00", "event_type": "caf\\u00e9 \\"q\\"", "score": 2.5, "keyword": true}\n');
  assert.equal(encode([undefined, undefined, undefined, undefined, undefined, undefined, undefined]), '{}\n');
});

test('a record that does not fit returns -1 and leaves the caller to retry', () => {
  const encoder = new PythonJsonEncoder(schema);
  const event = { time: 0, type: new Sym('x'), session: 0, layout: schema.layouts[0], values: [0, 1, 'y'.repeat(100), 1, null, null, null] } as EventView;
  assert.equal(encoder.encode(event, new Uint8Array(50), 0), -1);
  assert.ok(encoder.encode(event, new Uint8Array(500), 0) > 100);
});

test('a JSON document is written as the string json.dumps makes of its text, and keeps no bytes of its own', () => {
  const text = '{"schema":"iglu:x/é/1-0-0","data":{"n":1}}';
  const doc = new JsonDocument(text, JSON.stringify(text).slice(1, -1));
  const line = encode([undefined, undefined, doc, undefined, undefined, undefined, undefined]);
  assert.equal(line, '{"event_type": "{\\"schema\\":\\"iglu:x/\\u00e9/1-0-0\\",\\"data\\":{\\"n\\":1}}"}\n');
  assert.equal(doc.encoded.length, 0);
});
