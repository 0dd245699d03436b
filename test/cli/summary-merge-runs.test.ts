/**
 * `summary merge` refuses parts of different runs: each shard's summary records the run's end
 * and the settings that shape what it writes, and a part that differs is named with the
 * setting, in one line, exit 2. Parts from before these were recorded still merge.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runInProcess } from '../helpers/cli-in-process.js';
import { REPO, tempDir } from '../helpers/cli.js';

const RUN = ['generate', '-s', 'travel', '--seed', '7', '--start', '2024-01-01', '-q'];

test('summary merge refuses a part of another run: its --duration, --late, -m, format or params differ', async (t) => {
  const dir = tempDir(t);
  const part = async (name: string, k: number, flags: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> => {
    const file = join(dir, `${name}.json`);
    const result = await runInProcess([...RUN, '--shard', `${k}/4`, '-o', join(dir, `${name}.out`), '--summary', file, ...flags], { env });
    assert.equal(result.code, 0, result.stderr);
    return file;
  };
  const same = ['--duration', '2m'];
  const parts = [await part('p0', 0, same), await part('p1', 1, same), await part('p2', 2, same)];
  const merge = (last: string): Promise<{ code: number; stdout: string; stderr: string }> => runInProcess(['summary', 'merge', ...parts, last]);

  const good = await merge(await part('p3', 3, same));
  assert.equal(good.code, 0, good.stderr);
  assert.equal((JSON.parse(good.stdout) as { shards: number }).shards, 4);
  const written = JSON.parse(readFileSync(parts[0], 'utf8')) as { shard: unknown };
  assert.deepEqual(written.shard, { index: 0, count: 4, start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T00:02:00.000Z', settings: { '--format': 'ndjson' }, header_bytes: 0 });
  // A shard's key, with a setting of each kind, is valid against the JSON Schema of docs/answer-key.md.
  const schemaText = /```json\n([\s\S]*?)\n```/.exec(readFileSync(join(REPO, 'docs', 'answer-key.md'), 'utf8'))![1];
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const valid = ajv.compile(JSON.parse(schemaText) as object);
  const kinds = JSON.parse(readFileSync(await part('kinds', 3, [...same, '--set', 'params.CONVERSION_RATE=0.2', '--format', 'csv', '--no-header']), 'utf8')) as { shard: { settings: unknown } };
  assert.deepEqual(kinds.shard.settings, { '--format': 'csv', '--header': false, '--set': ['params.CONVERSION_RATE=0.2'] });
  assert.ok(valid(kinds), JSON.stringify(valid.errors));
  assert.ok(!valid({ ...kinds, shard: { ...kinds.shard, settings: { '--late': 5 } } }), 'a setting is text, a switch or a list of texts');

  const cases: [string, string[], RegExp, NodeJS.ProcessEnv?][] = [
    ['longer', ['--duration', '4m'], /longer\.json: --duration ending 2024-01-01T00:04:00\.000Z, but .*p0\.json has --duration ending 2024-01-01T00:02:00\.000Z; merge the shards of one run$/],
    ['late', [...same, '--late', '5%:10s-120s'], /late\.json: --late 5%:10s-120s, but .*p0\.json has no --late; merge the shards of one run$/],
    ['capped', [...same, '-m', '5'], /capped\.json: --max-sessions 5, but .*p0\.json has no --max-sessions; merge the shards of one run$/],
    ['csv', [...same, '--format', 'csv'], /csv\.json: --format csv, but .*p0\.json has --format ndjson; merge the shards of one run$/],
    ['env', same, /env\.json: params from the environment \{"CONVERSION_RATE":"0\.5"\}, but .*p0\.json has \{\}; merge the shards of one run$/, { CONVERSION_RATE: '0.5' }],
  ];
  for (const [name, flags, expected, env] of cases) {
    const result = await merge(await part(name, 3, flags, env));
    assert.equal(result.code, 2, `${name}: ${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr.trim(), expected);
  }

  // A part written before shards recorded their run's settings has none to compare: it merges.
  const older = join(dir, 'older.json');
  const old = JSON.parse(readFileSync(join(dir, 'p3.json'), 'utf8')) as { shard: Record<string, unknown> };
  delete old.shard.end;
  delete old.shard.settings;
  writeFileSync(older, JSON.stringify(old));
  const merged = await merge(older);
  assert.equal(merged.code, 0, merged.stderr);
  assert.equal(merged.stdout, good.stdout);
});

test('summary merge takes shards whose durations are typed differently but mean the same, and still refuses another length', async (t) => {
  const dir = tempDir(t);
  const part = async (name: string, k: number, flags: readonly string[]): Promise<string> => {
    const file = join(dir, `${name}.json`);
    const result = await runInProcess([...RUN, '--shard', `${k}/2`, '--duration', '2m', '-o', join(dir, `${name}.out`), '--summary', file, ...flags]);
    assert.equal(result.code, 0, result.stderr);
    return file;
  };
  const first = await part('p0', 0, ['--watermark', '1m,5m', '--summary-window', '1m', '--late', '5%:0s-2m', '--duplicates', '1%:0-1s']);
  const typedOtherwise = await part('p1', 1, ['--watermark', '60s,PT5M', '--summary-window', '60000ms', '--late', '5%:0-120s', '--duplicates', '1%:0ms-PT1S']);
  const merged = await runInProcess(['summary', 'merge', first, typedOtherwise]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.equal((JSON.parse(merged.stdout) as { shards: number }).shards, 2);

  // Another length is another run: named as typed, in the one line.
  const other = JSON.parse(readFileSync(typedOtherwise, 'utf8')) as { shard: { settings: Record<string, string> } };
  for (const [flag, value] of [['--watermark', '90s,PT5M'], ['--summary-window', '61s'], ['--late', '5%:1s-120s']] as const) {
    const file = join(dir, 'longer.json');
    writeFileSync(file, JSON.stringify({ ...other, shard: { ...other.shard, settings: { ...other.shard.settings, [flag]: value } } }));
    const refused = await runInProcess(['summary', 'merge', first, file]);
    assert.equal(refused.code, 2, `${flag}: ${refused.stderr}`);
    assert.match(refused.stderr.trim(), new RegExp(`longer\\.json: ${flag} ${value.replace(/[.]/g, '\\.')}, but .*p0\\.json has ${flag} \\S+; merge the shards of one run$`));
  }
});
