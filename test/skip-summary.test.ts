import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
// @ts-expect-error: a plain JavaScript reporter without type declarations
import skipSummary from '../scripts/skip-summary-reporter.mjs';

async function closingLine(events: { type: string; data: { skip?: string | boolean } }[]): Promise<string> {
  let out = '';
  // A Readable of objects stands for the stream of test events node:test hands a reporter.
  for await (const chunk of (skipSummary as (s: AsyncIterable<unknown>) => AsyncIterable<string>)(Readable.from(events))) out += chunk;
  return out;
}

test('the closing line counts skipped tests per missing program and gives one install command', async () => {
  const redis = 'missing redis-server (apt-get install -y redis-server): the Redis sink tests';
  const line = await closingLine([
    { type: 'test:pass', data: {} },
    { type: 'test:pass', data: { skip: redis } },
    { type: 'test:pass', data: { skip: redis } },
    { type: 'test:pass', data: { skip: 'missing java, mvn (apt-get install -y openjdk-17-jre-headless maven): the Kafka tests' } },
    { type: 'test:pass', data: { skip: 'not on this platform' } },
  ]);
  assert.equal(
    line,
    'Skipped 4 tests: 2 missing redis-server (apt-get install -y redis-server); 1 missing java, mvn (apt-get install -y openjdk-17-jre-headless maven); 1 not on this platform. Install all with: apt-get install -y redis-server openjdk-17-jre-headless maven\n',
  );
});

test('a run without skips says so in its closing line', async () => {
  assert.equal(await closingLine([{ type: 'test:pass', data: {} }, { type: 'test:fail', data: {} }]), 'Skipped: nothing; every test ran.\n');
});
