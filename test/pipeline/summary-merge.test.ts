import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClickgenError } from '../../src/errors.js';
import { mergeSummaries } from '../../src/pipeline/summary-merge.js';

test('mergeSummaries without names calls each part by its place in the list', () => {
  assert.throws(
    () => mergeSummaries([{ not: 'a summary' }]),
    (error: unknown) => error instanceof ClickgenError && error.code === 'SUMMARY_INPUT' && error.message.startsWith('summaries[0]'),
  );
});
