import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { mergePatch } from '../../src/scenario/extends.js';
import { loadScenario } from '../../src/scenario/load.js';

const dir = mkdtempSync(join(tmpdir(), 'clickgen-extends-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const BASE = `
name: base
seed: 7
params: { USERS: 50 }
population:
  users: \${USERS}
  attributes:
    tier: { choice: [gold, silver] }
session:
  vars:
    colour: { choice: [red, blue] }
    size: { choice: [s, m] }
states:
  home: { next: { cart: 0.5 } }
  cart: {}
fields:
  colour: { ref: colour }
  size: { ref: size }
`;
write('base.yaml', BASE);

function usageError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, pattern);
    return true;
  };
}

test('a scenario extends another file: mappings merge key by key, the rest replaces', () => {
  const child = write(
    'sub/child.yaml',
    `
extends: ../base.yaml
name: child
session:
  vars:
    size: { choice: [l, xl] }
states:
  home: { next: { cart: 0.9 } }
fields:
  tier: { ref: user.tier }
`,
  );
  const { scenario } = loadScenario(child, ['USERS=20']);
  assert.equal(scenario.name, 'child');
  assert.equal(scenario.seed, 7);
  assert.equal(scenario.population.users, 20, '--set applies to the merged scenario');
  assert.deepEqual(scenario.session.vars, { colour: { choice: ['red', 'blue'] }, size: { choice: ['l', 'xl'] } });
  assert.deepEqual(Object.keys(scenario.fields), ['colour', 'size', 'tier']);
  assert.deepEqual(scenario.states.home.next, { cart: 0.9 });
  assert.equal('extends' in scenario, false);
});

test('null removes a key of the base', () => {
  const child = write('remove.yaml', 'extends: ./base.yaml\nname: smaller\nfields: { size: null }\nsession: { vars: { size: null } }\n');
  const { scenario } = loadScenario(child);
  assert.deepEqual(Object.keys(scenario.fields), ['colour']);
  assert.deepEqual(Object.keys(scenario.session.vars!), ['colour']);
});

test('{ const: null } sets a value to null: it replaces the base value whole, a source or a scalar', () => {
  const child = write('nulled.yaml', 'extends: ./base.yaml\nname: nulled\nfields: { colour: { const: null } }\nsession: { vars: { size: { const: null } } }\npopulation: { attributes: { tier: { const: { level: 1 } } } }\n');
  const { scenario } = loadScenario(child);
  assert.deepEqual(scenario.fields.colour, { const: null });
  assert.deepEqual(scenario.session.vars!.size, { const: null });
  assert.deepEqual(scenario.population.attributes!.tier, { const: { level: 1 } }, 'a const object is a whole value too, not merged into the choice');
});

test('take copies only the listed parts of the base', () => {
  const child = write(
    'take.yaml',
    `
extends: { scenario: ./base.yaml, take: [params, population, session.vars.colour] }
name: taken
states: { only: {} }
fields: { colour: { ref: colour }, tier: { ref: user.tier } }
`,
  );
  const { scenario } = loadScenario(child);
  assert.equal(scenario.seed, undefined);
  assert.deepEqual(Object.keys(scenario.states), ['only']);
  assert.deepEqual(Object.keys(scenario.session.vars!), ['colour']);
  assert.deepEqual(scenario.population.attributes, { tier: { choice: ['gold', 'silver'] } });
});

test('a built-in scenario is extended by its name', () => {
  const child = write('builtin.yaml', 'extends: gift-shop\nname: gift-shop-fast\narrivals: { rate: 50 }\n');
  const { scenario } = loadScenario(child);
  assert.equal(scenario.arrivals.rate, 50);
  assert.equal(scenario.arrivals.max_concurrent, 100);
  assert.equal(scenario.initial, 'login');
});

test('bases can extend bases', () => {
  write('middle.yaml', 'extends: base.yaml\nname: middle\nseed: 9\n');
  const child = write('top.yaml', 'extends: middle.yaml\nname: top\n');
  const { scenario } = loadScenario(child);
  assert.deepEqual([scenario.name, scenario.seed, Object.keys(scenario.states)], ['top', 9, ['home', 'cart']]);
});

test('errors name the extending file and what would be valid', () => {
  write('loop-a.yaml', 'extends: loop-b.yaml\nname: a\n');
  write('loop-b.yaml', 'extends: loop-a.yaml\nname: b\n');
  assert.throws(() => loadScenario(join(dir, 'loop-a.yaml')), usageError(/loop-a\.yaml: extends: .*loop-b\.yaml extends .*loop-a\.yaml extends .*loop-b\.yaml is a cycle/));
  assert.throws(() => loadScenario(write('missing.yaml', 'extends: ./nowhere.yaml\nname: x\n')), usageError(/missing\.yaml: extends: \.\/nowhere\.yaml: no such file/));
  assert.throws(() => loadScenario(write('unknown.yaml', 'extends: no-such-builtin\nname: x\n')), usageError(/unknown\.yaml: extends: no-such-builtin: unknown scenario; built-in scenarios are .*gift-shop/));
  assert.throws(() => loadScenario(write('badtake.yaml', 'extends: { scenario: base.yaml, take: [population.nothing] }\nname: x\n')), usageError(/badtake\.yaml: extends\.take: population\.nothing is not in base\.yaml/));
  // A name every object inherits is not a part of the base either (it used to reach the Object constructor and fail to clone it).
  assert.throws(() => loadScenario(write('typo-take.yaml', 'extends: { scenario: base.yaml, take: [populaton.users] }\nname: x\n')), usageError(/typo-take\.yaml: extends\.take: populaton\.users is not in base\.yaml \(did you mean "population"\?\)$/));
  assert.throws(() => loadScenario(write('inherited.yaml', 'extends: { scenario: base.yaml, take: [population.constructor] }\nname: x\n')), usageError(/inherited\.yaml: extends\.take: population\.constructor is not in base\.yaml/));
  assert.throws(() => loadScenario(write('badkey.yaml', 'extends: { scenario: base.yaml, keep: [seed] }\nname: x\n')), usageError(/badkey\.yaml: extends: unknown key "keep"; keys are scenario and take/));
  assert.throws(() => loadScenario(write('badtype.yaml', 'extends: 3\nname: x\n')), usageError(/badtype\.yaml: extends: must be a scenario name or file/));
  assert.throws(() => loadScenario(write('emptytake.yaml', 'extends: { scenario: base.yaml, take: [] }\nname: x\n')), usageError(/extends\.take: must be a non-empty list of paths/));
  write('broken.yaml', 'name: [unclosed\n');
  assert.throws(() => loadScenario(write('frombroken.yaml', 'extends: broken.yaml\nname: x\n')), usageError(/frombroken\.yaml: extends: cannot read .*broken\.yaml/));
});

test('the merged scenario is validated like any other', () => {
  const child = write('invalid.yaml', 'extends: base.yaml\nname: x\nstates: { home: { next: { nowhere: 0.5 } } }\n');
  assert.throws(() => loadScenario(child), usageError(/states\.home\.next\.nowhere: transition to unknown state "nowhere"/));
});

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.string(),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

test('a patch key named __proto__ is a key like any other: set as the object\'s own, the prototype untouched', () => {
  const patch = JSON.parse('{"__proto__": 0, "nested": {"__proto__": {"a": 1}}}') as Record<string, unknown>;
  const merged = mergePatch({ nested: { b: 2 } }, patch) as Record<string, unknown>;
  assert.deepEqual(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value, 0);
  assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  const nested = merged.nested as Record<string, unknown>;
  assert.deepEqual(Object.getOwnPropertyDescriptor(nested, '__proto__')?.value, { a: 1 });
  assert.equal(nested.b, 2);
  assert.equal(Object.getPrototypeOf(nested), Object.prototype);
});

test('property: merging a patch twice is merging it once (RFC 7386 is idempotent)', () => {
  fc.assert(
    fc.property(json, json, (target, patch) => {
      const once = mergePatch(structuredClone(target), patch);
      const twice = mergePatch(structuredClone(once), patch);
      assert.deepEqual(twice, once);
    }),
  );
});

test('property: every value of a null-free patch is in the result, and keys it leaves alone stay', () => {
  const mapping = fc.dictionary(fc.string(), json, { maxKeys: 4, noNullPrototype: true });
  fc.assert(
    fc.property(mapping, mapping, (target, patch) => {
      const merged = mergePatch(structuredClone(target), patch) as Record<string, unknown>;
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) assert.deepEqual(merged[key], value);
      }
      for (const key of Object.keys(target)) if (!(key in patch)) assert.deepEqual(merged[key], target[key]);
    }),
  );
});
