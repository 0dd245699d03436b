/** `clickgen schema` accepts every built-in scenario as written, and still rejects wrong ones. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { builtinNames } from '../../src/scenario/load.js';
import { runClickgen } from '../helpers/cli-run.js';
import { REPO } from '../helpers/cli.js';

const printed = await runClickgen(['schema']);
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(printed.stdout) as object);

test('every built-in scenario file is valid against clickgen schema (${PARAM} values and extends included)', () => {
  assert.equal(printed.code, 0);
  for (const name of builtinNames()) {
    const ok = validate(parse(readFileSync(join(REPO, 'scenarios', `${name}.yaml`), 'utf8')));
    assert.ok(ok, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test('the schema still rejects what clickgen rejects: a wrong type, a missing section, an unknown key', () => {
  const base = { name: 'x', states: { a: {} }, fields: { t: { time: 'iso' } } };
  assert.ok(validate(base), JSON.stringify(validate.errors));
  assert.ok(validate({ ...base, params: { N: 5 }, population: { users: '${N}' } }), 'a placeholder where a number goes');
  assert.ok(!validate({ ...base, population: { users: 'many' } }), 'a string that is no placeholder where a number goes');
  assert.ok(!validate({ name: 'x', fields: { t: { time: 'iso' } } }), 'no states, and nothing extended');
  assert.ok(validate({ extends: 'shop', name: 'x' }), 'an extending file gives only what it changes');
  assert.ok(!validate({ ...base, colour: 'red' }), 'an unknown key');
});
