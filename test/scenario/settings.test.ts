import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveSettings } from '../../src/scenario/settings.js';

const BASE = `
name: knobs
settings:
  users: 250
  rate: 3
  bounds: { min: 10, max: 20 }
population:
  users: { setting: users }
arrivals:
  rate: { setting: rate }
session:
  duration: { type: uniform, min: { setting: low }, max: 40 }
states:
  home: { dwell: { type: uniform, min: 1, max: 2 } }
fields:
  n: { number: { type: uniform, min: 0, max: 1 } }
`;

function load(text: string, overrides: string[] = []) {
  return parseScenarioText(text, 'knobs.yaml', overrides);
}

test('a { setting: NAME } takes the setting\'s value wherever it stands', () => {
  const loaded = load(BASE.replace('{ setting: low }', '5'), ['settings.users=80']);
  assert.equal(loaded.scenario.population.users, 80);
  assert.equal(loaded.scenario.arrivals.rate, 3);
  assert.deepEqual(loaded.scenario.settings, { users: 80, rate: 3, bounds: { min: 10, max: 20 } });
});

test('settings hold any value, copied at each use', () => {
  const raw: Record<string, unknown> = {
    settings: { pair: [1, { deep: true }] },
    a: { setting: 'pair' },
    b: [{ setting: 'pair' }, { keep: 1 }],
  };
  const { errors } = resolveSettings(raw);
  assert.deepEqual(errors, []);
  assert.deepEqual(raw.a, [1, { deep: true }]);
  assert.deepEqual(raw.b, [[1, { deep: true }], { keep: 1 }]);
  assert.notEqual(raw.a, (raw.b as unknown[])[0], 'each use is its own copy');
});

test('an unknown setting is an error at its line, naming the settings there are', () => {
  assert.throws(
    () => load(BASE),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.code, 'SCENARIO_INVALID');
      assert.equal(error.message, 'knobs.yaml:12:46: session.duration.min.setting: unknown setting "low"; settings are users, rate, bounds');
      return true;
    },
  );
});

test('a reference without settings says the scenario defines none', () => {
  const { errors } = resolveSettings({ a: { setting: 'x' } });
  assert.deepEqual(errors, [{ path: ['a', 'setting'], message: 'unknown setting "x"; the scenario defines no settings' }]);
});

test('a setting name must be a string, and settings a mapping', () => {
  assert.deepEqual(resolveSettings({ settings: { a: 1 }, b: { setting: 3 } }).errors, [{ path: ['b', 'setting'], message: 'must be the name of a setting' }]);
  assert.deepEqual(resolveSettings({ settings: [1, 2] }).errors, [{ path: ['settings'], message: 'must be a mapping of setting names to values' }]);
});

test('a setting nobody uses is a warning, so a mistyped --set is seen', () => {
  const loaded = load(BASE.replace('{ setting: low }', '5'), ['settings.user=80']);
  assert.deepEqual(loaded.warnings, [
    'knobs.yaml:6:11: settings.bounds: is not used: no value refers to it with { setting: bounds }',
    'knobs.yaml:4:3: settings.user: is not used: no value refers to it with { setting: user }',
  ]);
});

test('a mapping with other keys besides setting is left to the schema', () => {
  assert.throws(() => load(BASE.replace('{ setting: low }', '{ setting: users, extra: 1 }')), /knobs\.yaml:12:\d+: session\.duration\.min: /);
});

test('property: resolving leaves trees without references unchanged', () => {
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string().filter((k) => k !== 'setting'), tie('node'), { maxKeys: 3, noNullPrototype: true })),
  })).node;
  fc.assert(
    fc.property(fc.dictionary(fc.string().filter((k) => k !== 'settings' && k !== 'setting'), tree, { maxKeys: 4, noNullPrototype: true }), (raw) => {
      const copy = structuredClone(raw);
      const { errors, warnings } = resolveSettings(copy);
      assert.deepEqual(errors, []);
      assert.deepEqual(warnings, []);
      assert.deepEqual(copy, raw);
    }),
  );
});
