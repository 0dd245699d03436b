import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_CACHE_FILE, textHash, type CachedBuiltin } from '../../src/scenario/builtin-cache.js';
import { listBuiltins, loadScenario, rawScenario } from '../../src/scenario/load.js';
import { clickgen, START } from '../helpers/cli.js';

/** Whether JSON keeps the value as it is: no non-finite numbers, functions or class instances. */
function jsonSafe(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(jsonSafe);
  return false;
}

test('the build keeps every built-in scenario (but one that extends another) exactly as loading its file gives it', () => {
  assert.ok(existsSync(BUILTIN_CACHE_FILE), `${BUILTIN_CACHE_FILE}: run npm run build first`);
  const cache = JSON.parse(readFileSync(BUILTIN_CACHE_FILE, 'utf8')) as Record<string, CachedBuiltin>;
  let kept = 0;
  for (const { name, file } of listBuiltins()) {
    const text = readFileSync(file, 'utf8');
    const entry = cache[basename(file)];
    if (/^(extends|vocabulary):/m.test(text)) {
      assert.equal(entry, undefined, `${name} extends another file or names a vocabulary: its text alone does not say what it holds`);
      continue;
    }
    assert.ok(entry !== undefined, `${name} is not in the build's cache`);
    assert.equal(entry.sha256, textHash(text), `${name}: the cache was built from other text`);
    // From source the cache is never used: this is the scenario parsed and validated now.
    const fresh = loadScenario(name);
    assert.ok(jsonSafe(fresh), `${name}: the validated scenario holds a value JSON would change`);
    assert.deepEqual(entry.loaded, JSON.parse(JSON.stringify(fresh)), name);
    assert.deepEqual(entry.raw, rawScenario(text, name), `${name}: the kept text's value`);
    kept++;
  }
  assert.ok(kept >= 6, `${kept} built-ins kept`);
});

test('the built CLI writes the same bytes from the kept scenario as from its file (an override starts from the kept text)', async () => {
  for (const scenario of ['gift-shop', 'shop', 'travel']) {
    const args = ['generate', '-s', scenario, '-n', '3000', '--seed', '5', '--start', START, '-q'];
    const cached = await clickgen(args);
    const parsed = await clickgen([...args, '--set', 'seed=5']);
    assert.equal(cached.code, 0, cached.stderr);
    assert.equal(parsed.code, 0, parsed.stderr);
    assert.equal(cached.stdout.split('\n').length, 3001);
    assert.ok(cached.stdout === parsed.stdout, `${scenario}: the outputs differ`);
  }
});

test('the built CLI with an override of a kept scenario names the place of a warning and of an error by the file’s line', async () => {
  const args = ['generate', '-s', 'gift-shop', '-n', '2', '--seed', '1', '--start', START, '-o', '-'];
  const warned = await clickgen([...args, '--set', 'states.viewcart.next={search: 0.5, purchase: 0.3, product: 0.2}']);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /^clickgen: warning: scenarios\/gift-shop\.yaml:\d+:\d+: states\.dropcart: state is unreachable from the initial state$/m);
  const unknown = await clickgen([...args, '--set', 'states.viewcart.next.nowhere=0.1']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^clickgen: scenarios\/gift-shop\.yaml \(--set states\.viewcart\.next\.nowhere=0\.1\): states\.viewcart\.next\.nowhere: transition to unknown state/m);
  const refused = await clickgen([...args, '--set', 'states.viewcart.next.login=0.1']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^clickgen: scenarios\/gift-shop\.yaml:\d+:\d+: states\.viewcart\.next: probabilities sum to 1\.1/m);
});
