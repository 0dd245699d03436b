/**
 * Scenario params from environment variables of their names: above the file, below --set,
 * reported on stderr and in the summary, and named in errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickgen, listTree, START, stderrLines, tempDir } from '../helpers/cli.js';
import { runClickgen } from '../helpers/cli-run.js';

function users(ndjson: string): number {
  return new Set(ndjson.trimEnd().split('\n').map((line) => (JSON.parse(line) as { user_id: string }).user_id)).size;
}

// Enough events that every one of the file's 100 users shows up (about 12 sessions each).
const CART = ['generate', '-s', 'cart', '-n', '10000', '--start', START];

test('an environment variable of a param name sets it: above the file, below --set; stderr and the summary say so', async (t) => {
  const dir = tempDir(t);
  const fromFile = await runClickgen([...CART, '-q']);
  const fromEnv = await runClickgen([...CART, '-o', join(dir, 'e.ndjson'), '--summary', join(dir, 's.json')], { env: { NUM_USERS: '7', HOME: '/nowhere' } });
  const fromSet = await runClickgen([...CART, '-q', '--set', 'NUM_USERS=50'], { env: { NUM_USERS: '7' } });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  assert.equal(users(fromFile.stdout), 100, "the file's NUM_USERS");
  assert.equal(users(readFileSync(join(dir, 'e.ndjson'), 'utf8')), 7, 'the environment over the file');
  assert.equal(users(fromSet.stdout), 50, '--set over the environment');
  assert.equal(stderrLines(fromEnv)[0], 'clickgen: params from the environment: NUM_USERS=7', 'HOME names no param: ignored');
  const summary = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as { params_from_environment?: unknown; distinct_users: number };
  assert.deepEqual(summary.params_from_environment, { NUM_USERS: '7' });
  assert.equal(summary.distinct_users, 7);
  const plain = await runClickgen([...CART, '-q', '--summary', join(dir, 'plain.json')]);
  assert.equal(plain.code, 0);
  assert.equal((JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8')) as Record<string, unknown>).params_from_environment, undefined);
});

test('a real-time run simulated in its worker thread gets the params from the environment too', async (t) => {
  const dir = tempDir(t);
  const result = await clickgen(['generate', '-s', 'cart', '--realtime', '--start', START, '-n', '2000', '-q', '-o', 'live.ndjson'], {
    cwd: dir,
    env: { ...process.env, NUM_USERS: '5' },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(users(readFileSync(join(dir, 'live.ndjson'), 'utf8')), 5);
});

test('an invalid value from the environment: one line naming the variable, exit 2, nothing written', async (t) => {
  const dir = tempDir(t);
  const result = await clickgen([...CART, '-o', 'out.ndjson'], { cwd: dir, env: { ...process.env, NUM_USERS: 'abc' } });
  assert.equal(result.code, 2);
  assert.deepEqual(stderrLines(result), ['clickgen: scenarios/cart.yaml:23:10 (environment NUM_USERS=abc): population.users: must be number, got string "abc"']);
  assert.deepEqual(listTree(dir), []);
});

test('validate reads params from the environment as generate does', async () => {
  const result = await runClickgen(['validate', 'cart'], { env: { NUM_USERS: '0' } });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^clickgen: scenarios\/cart\.yaml:23:10 \(environment NUM_USERS=0\): population\.users: /);
});
