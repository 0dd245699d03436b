import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DelimitedEncoder } from '../../src/encode/delimited.js';
import { formatTimestamp } from '../../src/time/time-text.js';
import type { EventView, OutputSchema } from '../../src/engine/event.js';
import { Sym } from '../../src/engine/sym.js';
import { parseCsv, parseTsv } from '../helpers/csv.js';
import { compileRandom, encodeOne, fieldsScenario, forEachEvent } from '../helpers/random-scenarios.js';

/** What a cell should read once unquoted: the value's text, empty when null or absent. */
function expectedCells(event: EventView, schema: OutputSchema): string[] {
  return schema.fields.map((field) => {
    const value = event.layout.columns.includes(field.index) ? event.values[field.index] : undefined;
    let text: string;
    if (value === undefined || value === null) text = '';
    else if (value instanceof Sym) text = value.text;
    else if (typeof value === 'number' && field.time !== undefined) text = formatTimestamp(value, field.time);
    else if (typeof value === 'object') text = JSON.stringify(value);
    else text = String(value);
    // Output is UTF-8: a lone surrogate becomes U+FFFD, as in any UTF-8 text.
    return Buffer.from(text, 'utf8').toString('utf8');
  });
}

for (const format of ['csv', 'tsv'] as const) {
  const parse = format === 'csv' ? (text: string) => parseCsv(text) : parseTsv;

  test(`${format.toUpperCase()}: every record reads back to the same cells, and the header to the field names`, () => {
    fc.assert(
      fc.property(fieldsScenario, (raw) => {
        const compiled = compileRandom(raw);
        // Without columns a record is an empty line, which reads back as one empty cell.
        fc.pre(compiled !== null && compiled.schema.fields.length > 0);
        const encoder = new DelimitedEncoder(compiled.schema, format, true);
        assert.deepEqual(parse(Buffer.from(encoder.header()!).toString('utf8')), [compiled.schema.fields.map((f) => Buffer.from(f.name, 'utf8').toString('utf8'))]);
        forEachEvent(compiled, 40, (event) => {
          const bytes = encodeOne(encoder, event);
          assert.equal(encoder.encode(event, Buffer.alloc(bytes.length - 1), 0), -1, 'a buffer one byte short');
          const records = parse(bytes.toString('utf8'));
          assert.equal(records.length, 1, `one record: ${JSON.stringify(bytes.toString('utf8'))}`);
          assert.deepEqual(records[0], expectedCells(event, compiled.schema));
        });
      }),
      { numRuns: 200 },
    );
  });
}

test('CSV quotes only the cells that need it', () => {
  const compiled = compileRandom({
    name: 'quotes',
    states: { a: {} },
    fields: { plain: 'abc', comma: 'a,b', quote: 'say "hi"', newline: 'a\nb', cr: 'a\rb', tab: 'a\tb', empty: '', nothing: null },
  })!;
  const encoder = new DelimitedEncoder(compiled.schema, 'csv', false);
  forEachEvent(compiled, 1, (event) => {
    assert.equal(encodeOne(encoder, event).toString('utf8'), 'abc,"a,b","say ""hi""","a\nb","a\rb",a\tb,,\n');
  });
  const tsv = new DelimitedEncoder(compiled.schema, 'tsv', false);
  forEachEvent(compiled, 1, (event) => {
    assert.equal(encodeOne(tsv, event).toString('utf8'), 'abc\ta,b\tsay "hi"\ta\\nb\ta\\rb\ta\\tb\t\t\n');
  });
});

test('TSV writes a json field per event from its text and keeps no bytes on the document', () => {
  const compiled = compileRandom({
    name: 'docs',
    states: { a: {} },
    fields: { doc: { json: { object: { schema: 'iglu:com.example/x/jsonschema/1-0-0', data: { object: { id: { uuid: true }, tab: 'a\tb' } } } } } },
  })!;
  const encoder = new DelimitedEncoder(compiled.schema, 'tsv', false);
  forEachEvent(compiled, 20, (event) => {
    const doc = event.values[compiled.schema.fields.find((f) => f.name === 'doc')!.index] as Sym;
    assert.deepEqual(parseTsv(encodeOne(encoder, event).toString('utf8')), [[doc.text]]);
    assert.equal(doc.encoded.length, 0, 'nothing cached on a per-event document');
  });
});
