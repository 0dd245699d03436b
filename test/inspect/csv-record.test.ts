import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isOpen, parseCsvRecord } from '../../src/inspect/csv-record.js';

/** RFC 4180 writing: a cell with a comma, quote or line break is quoted, its quotes doubled. */
function writeCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

const cellText = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', 'é', '7', '😀') });

test('cells written by RFC 4180 read back unchanged (property)', () => {
  fc.assert(
    fc.property(fc.array(cellText, { minLength: 1, maxLength: 8 }), (cells) => {
      const record = cells.map(writeCell).join(',');
      assert.equal(isOpen(record), false);
      assert.deepEqual(parseCsvRecord(record), cells);
    }),
    { numRuns: 2000 },
  );
});

test('a record cut inside a quoted cell is open, and complete again once the rest is joined (property)', () => {
  fc.assert(
    fc.property(fc.array(cellText, { minLength: 1, maxLength: 5 }), cellText, (before, quoted) => {
      const record = [...before.map(writeCell), `"${quoted.replaceAll('"', '""')}\nmore"`].join(',');
      const cut = record.lastIndexOf('\n');
      assert.equal(isOpen(record.slice(0, cut)), true);
      assert.equal(isOpen(record), false);
      assert.deepEqual(parseCsvRecord(record), [...before, `${quoted}\nmore`]);
    }),
  );
});

test('known records', () => {
  assert.deepEqual(parseCsvRecord(''), ['']);
  assert.deepEqual(parseCsvRecord('a,,c'), ['a', '', 'c']);
  assert.deepEqual(parseCsvRecord('a,'), ['a', '']);
  assert.deepEqual(parseCsvRecord('"x, y","say ""hi"""'), ['x, y', 'say "hi"']);
  assert.deepEqual(parseCsvRecord('"line\none",2'), ['line\none', '2']);
});

test('malformed quoted cells are errors', () => {
  assert.throws(() => parseCsvRecord('"open'), /not closed/);
  assert.throws(() => parseCsvRecord('"a"b,c'), /after a closing quote/);
});
