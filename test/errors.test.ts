import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ErrorCodes } from '../src/errors.js';

void test('docs/errors.md lists exactly the codes of the catalogue, with the same meanings', () => {
  const rows = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => /^\| ([A-Z_]+) \| (.+) \|$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => [match[1], match[2]]);
  assert.deepEqual(Object.fromEntries(rows), ErrorCodes);
});
