import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { readLines } from '../../src/inspect/lines.js';

async function collect(chunks: Buffer[]): Promise<{ text: string; number: number }[]> {
  const out: { text: string; number: number }[] = [];
  for await (const line of readLines(Readable.from(chunks))) out.push(line);
  return out;
}

/** The reference: split on \n, drop one \r before it, no empty line after a final newline. */
function reference(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

test('lines and their numbers do not depend on where chunks split the bytes, multi-byte characters included (property)', async () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', '\n', '\r\n', ' ', '{', '"') , maxLength: 80 });
  await fc.assert(
    fc.asyncProperty(text, fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 6 }), async (input, cuts) => {
      const bytes = Buffer.from(input, 'utf8');
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let from = 0;
      for (const p of [...points, bytes.length]) {
        chunks.push(bytes.subarray(from, p));
        from = p;
      }
      const lines = await collect(chunks.filter((c) => c.length > 0));
      assert.deepEqual(lines.map((l) => l.text), reference(input));
      assert.deepEqual(lines.map((l) => l.number), lines.map((_, i) => i + 1));
    }),
    { numRuns: 1000 },
  );
});

test('a UTF-8 byte order mark at the start is dropped', async () => {
  const lines = await collect([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n1,2\n')]);
  assert.deepEqual(lines.map((l) => l.text), ['a,b', '1,2']);
});
