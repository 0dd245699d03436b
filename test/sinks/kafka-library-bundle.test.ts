import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as library from '@platformatic/kafka';

const BUNDLE = new URL('../../dist/kafka-library.js', import.meta.url);

type Validator = ((data: unknown) => boolean) & { errors?: unknown };

/** Options each validator takes, and options it refuses. */
const CASES: Record<string, { valid: unknown; invalid: unknown[] }> = {
  createTopicsOptionsValidator: { valid: { topics: ['a'], partitions: 3 }, invalid: [{ topics: 5 }, { topics: ['a'], partitions: 'x' }, {}] },
  deleteTopicsOptionsValidator: { valid: { topics: ['a'] }, invalid: [{ topics: [7] }, { topics: 'a' }] },
  metadataOptionsValidator: { valid: { topics: ['a'] }, invalid: [{ topics: 'a' }, { topics: [1] }] },
  baseOptionsValidator: { valid: { clientId: 'c', bootstrapBrokers: ['127.0.0.1:9092'] }, invalid: [{ clientId: 5, bootstrapBrokers: ['x:1'] }, { clientId: 'c' }] },
};

test('the bundled Kafka library compiles its option validators on first use, and they judge as the package does', async () => {
  if (!existsSync(BUNDLE)) throw new Error('dist/kafka-library.js is missing: run `npm run build` before this test');
  const text = readFileSync(BUNDLE, 'utf8');
  assert.match(text, /createTopicsOptionsValidator\d* = compiledOnFirstUse\d*\(\(\) => ajv\.compile\(/, 'the build rewrote the eager validators');
  const bundled = (await import(BUNDLE.href)) as Record<string, unknown>;
  const original = library as unknown as Record<string, unknown>;
  for (const [name, { valid, invalid }] of Object.entries(CASES)) {
    const mine = bundled[name] as Validator;
    const theirs = original[name] as Validator;
    assert.equal(typeof mine, 'function', `${name} is exported by the bundle`);
    // Invalid first: the first call compiles, and must already leave the errors behind.
    for (const options of [...invalid, valid, ...invalid]) {
      const expected = theirs(options);
      assert.equal(mine(options), expected, `${name}(${JSON.stringify(options)})`);
      assert.deepEqual(mine.errors, theirs.errors, `${name}(${JSON.stringify(options)}).errors`);
    }
    assert.equal(mine(valid), true, `${name} takes ${JSON.stringify(valid)}`);
    assert.equal(mine(invalid[0]), false, `${name} refuses ${JSON.stringify(invalid[0])}`);
  }
});
