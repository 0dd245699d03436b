import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importConfig, importError, legacyConfig } from '../../../helpers/imply.js';

const CLOCK = { type: 'clock', name: 'time' };

test('malformed JSON is reported with line and column', () => {
  const message = importError('{\n  "emitters": [\n    {"name": "e",}\n  ]\n}');
  assert.match(message, /^config\.json:3:\d+: not valid JSON: /);
});

test('an unknown dimension type names the JSON path, line:col and the known types', () => {
  const text = JSON.stringify(legacyConfig([CLOCK, { type: 'integer', name: 'n' }]), null, 2);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('"integer"')) + 1;
  const col = lines[line - 1].indexOf('"integer"') + 1;
  const message = importError(text);
  assert.ok(message.startsWith(`config.json:${line}:${col}: `), message);
  assert.match(message, /^config\.json:\d+:\d+: emitters\[0\]\.dimensions\[1\]\.type: unknown dimension type "integer"; known: clock, timestamp, string, int, float, ipaddress, enum, counter, variable, object, list, string:static, int:static$/);
});

test('an unknown state type, and a typed state without a type, are errors at their path', () => {
  const config = {
    emitters: [{ name: 'e', dimensions: [CLOCK] }],
    states: [
      { name: 'start', type: 'event:start:timer', cardinality_distribution: { type: 'constant', value: 1 }, next: 'a' },
      { name: 'a', type: 'activity:task', emitter: 'e', next: 'end' },
      { name: 'b', emitter: 'e', next: 'end' },
      { name: 'end', type: 'event:end' },
    ],
  };
  const message = importError(config);
  assert.match(message, /states\[1\]\.type: unknown state type "activity:task"; known: event:start:timer, event:intermediate:timer, activity, gateway:exclusive, event:end/);
  assert.match(message, /states\[2\]: missing required key "type"/);
});

test('missing required keys are named, with where they are missing', () => {
  const message = importError({
    emitters: [{ name: 'e', dimensions: [CLOCK, { type: 'enum', name: 'x', cardinality_distribution: { type: 'constant', value: 0 } }, { type: 'int', name: 'n', distribution: { type: 'constant', value: 1 } }, { type: 'int' }] }],
    states: [{ name: 's', emitter: 'e', transitions: [{ next: 'stop', probability: 1 }] }],
  });
  assert.match(message, /config\.json:\d+:\d+: \(top level\): missing required key "interarrival"/);
  assert.match(message, /emitters\[0\]\.dimensions\[1\]: missing required key "values"/);
  assert.match(message, /emitters\[0\]\.dimensions\[2\]: missing required key "cardinality"/);
  assert.match(message, /emitters\[0\]\.dimensions\[3\]: missing required key "name"/);
  assert.match(message, /states\[0\]: missing required key "delay"/);
});

test('a transition to an unknown state names the states there are', () => {
  const config = legacyConfig([CLOCK]) as { states: { transitions: unknown[] }[] };
  config.states[0].transitions = [{ next: 'ss', probability: 1 }];
  assert.match(importError(config), /states\[0\]\.transitions\[0\]\.next: transition to undefined state "ss"; states are s, or stop/);
});

test('probabilities must sum to 1 within 0.01, each in (0, 1]', () => {
  const config = legacyConfig([CLOCK]) as { states: { transitions: unknown[] }[] };
  config.states[0].transitions = [{ next: 's', probability: 0.5 }, { next: 'stop', probability: 0.45 }];
  assert.match(importError(config), /states\[0\]\.transitions: transition probabilities sum to 0\.95; they must sum to 1 \(within 0\.01\)/);
  config.states[0].transitions = [{ next: 's', probability: 1.5 }];
  assert.match(importError(config), /states\[0\]\.transitions\[0\]\.probability: probability must be a number greater than 0 and at most 1, got number 1\.5/);
  // Within the tolerance the weights are normalised, as the original's weighted choice does.
  config.states[0].transitions = [{ next: 's', probability: 0.5 }, { next: 'stop', probability: 0.495 }];
  const { imported } = importConfig(config);
  // The importer writes plain probabilities (never cart guards).
  const next = imported.scenario.states.s.next as Record<string, number>;
  assert.ok(Math.abs(next.s - 0.5 / 0.995) < 1e-12);
  assert.ok(Math.abs(next.end + next.s - 1) < 1e-12);
});

test('bad distribution parameters are named with their path', () => {
  const bad = (distribution: object): string => importError(legacyConfig([CLOCK, { type: 'int', name: 'n', cardinality: 0, distribution }]));
  assert.match(bad({ type: 'exponential', mean: 0 }), /dimensions\[1\]\.distribution\.mean: exponential distribution: mean must be greater than 0, got 0/);
  assert.match(bad({ type: 'uniform', min: 5, max: 1 }), /dimensions\[1\]\.distribution\.min: uniform min \(5\) must be at most max \(1\)/);
  assert.match(bad({ type: 'normal', mean: 1, stddev: -1 }), /distribution\.stddev: normal distribution: stddev must be greater than 0, got -1/);
  assert.match(bad({ type: 'normal', mean: 'x', stddev: 1 }), /distribution\.mean: must be a number \(normal distribution\), got string "x"/);
  assert.match(bad({ type: 'poisson', mean: 1 }), /distribution\.type: unknown distribution type "poisson"; known: constant, uniform, exponential, normal$/m);
  assert.match(bad({ type: 'uniform', min: 1 }), /dimensions\[1\]\.distribution: missing required key "max" \(uniform distribution\)/);
  assert.match(bad({ type: 'gmm_temporal', mean: 1, days: { '1': [{ utc_hour: 1, sigma: 1, weight: 1 }] } }), /distribution\.type: gmm_temporal needs the clock/);
  const gmm = legacyConfig([CLOCK], [], { interarrival: { type: 'gmm_temporal', mean: 1, days: { '0': [], '2': [{ utc_hour: 1, sigma: 0, weight: 1 }] } } });
  const message = importError(gmm);
  assert.match(message, /interarrival\.days\["0"\]: day key "0" must be "1" \(Monday\) to "7" \(Sunday\)/);
  assert.match(message, /interarrival\.days\["2"\]\[0\]\.sigma: sigma must be greater than 0, got 0/);
});

test('typed configs need one start timer and an end; keys a state type must not have are named', () => {
  const message = importError({
    emitters: [{ name: 'e', dimensions: [CLOCK] }],
    states: [
      { name: 'a', type: 'activity', emitter: 'e', cardinality_distribution: { type: 'constant', value: 1 }, transitions: [], next: 'g' },
      { name: 'g', type: 'gateway:exclusive', next: 'a', transitions: [{ next: 'a', probability: 1 }] },
      { name: 't', type: 'event:intermediate:timer', cardinality_distribution: { type: 'constant', value: 1 }, next: 'nowhere' },
    ],
  });
  assert.match(message, /states\[0\]\.cardinality_distribution: an activity must not have "cardinality_distribution": precede it with an event:intermediate:timer/);
  assert.match(message, /states\[0\]\.transitions: must not have "transitions"/);
  assert.match(message, /states\[1\]\.next: a gateway routes with "transitions", not "next"/);
  assert.match(message, /states\[2\]\.next: "next" points to undefined state "nowhere"; states are a, g, t/);
  assert.match(message, /states: no event:start:timer state/);
  assert.match(message, /states: no event:end state/);
  const two = importError({
    emitters: [{ name: 'e', dimensions: [CLOCK] }],
    states: [
      { name: 's1', type: 'event:start:timer', cardinality_distribution: { type: 'constant', value: 1 }, next: 'end' },
      { name: 's2', type: 'event:start:timer', cardinality_distribution: { type: 'constant', value: 1 }, next: 'end' },
      { name: 'end', type: 'event:end' },
    ],
  });
  assert.match(two, /states\[1\]: a second event:start:timer \("s2"\): exactly one is allowed/);
});

test('an emitter that is not defined, and a variable no path sets, are refused before running', () => {
  const config = legacyConfig([CLOCK, { type: 'variable', name: 'u', variable: 'user' }]) as { states: Record<string, unknown>[] };
  config.states[0].emitter = 'nope';
  assert.match(importError(config), /states\[0\]\.emitter: references emitter "nope", which is not defined in emitters \(e\)/);
  assert.match(importError(legacyConfig([CLOCK, { type: 'variable', name: 'u', variable: 'user' }])), /emitters\[0\]\.dimensions\[1\]: emitter "e", dimension "u", reads variable "user", which is not set on every path from the start to state "s" \(never set by any state\)/);
  // Set only on one branch: the original crashes the worker when the other branch is taken.
  const branchy = {
    emitters: [{ name: 'e', dimensions: [CLOCK, { type: 'variable', name: 'u', variable: 'user' }] }],
    interarrival: { type: 'constant', value: 1 },
    states: [
      { name: 'start', delay: { type: 'constant', value: 0 }, transitions: [{ next: 'a', probability: 0.5 }, { next: 'b', probability: 0.5 }] },
      { name: 'a', delay: { type: 'constant', value: 0 }, variables: [{ type: 'int:static', name: 'user', value: 1 }], transitions: [{ next: 'write', probability: 1 }] },
      { name: 'b', delay: { type: 'constant', value: 0 }, transitions: [{ next: 'write', probability: 1 }] },
      { name: 'write', emitter: 'e', delay: { type: 'constant', value: 1 }, transitions: [{ next: 'stop', probability: 1 }] },
    ],
  };
  assert.match(importError(branchy), /reads variable "user", which is not set on every path from the start to state "write" \(set only on some paths\)/);
  const fixed = structuredClone(branchy);
  fixed.states[0].variables = [{ type: 'int:static', name: 'user', value: 0 }];
  assert.doesNotThrow(() => importConfig(fixed));
});

test('"variable" inside a state\'s variables is refused, as the original does', () => {
  assert.match(importError(legacyConfig([CLOCK], [{ type: 'variable', name: 'x', variable: 'y' }])), /states\[0\]\.variables\[0\]\.type: type "variable" is not valid in a state's variables/);
});

test('every problem of a config is reported at once, one line each', () => {
  const message = importError(legacyConfig([{ type: 'nope', name: 'a' }, { type: 'int', name: 'b' }], [{ type: 'enum', name: 'c' }]));
  assert.ok(message.split('\n').length >= 4, message);
});

test('format detection: a state with "type" makes a typed config; otherwise the older format', () => {
  assert.equal(importConfig(legacyConfig([CLOCK])).imported.format, 'legacy');
  const typed = importConfig({
    emitters: [{ name: 'e', dimensions: [CLOCK] }],
    states: [
      { name: 'start', type: 'event:start:timer', cardinality_distribution: { type: 'constant', value: 1 }, next: 'a' },
      { name: 'a', type: 'activity', emitter: 'e', next: 'end' },
      { name: 'end', type: 'event:end' },
    ],
  });
  assert.equal(typed.imported.format, 'typed');
});

test('unknown keys (_comment, _description) are ignored, as the original does', () => {
  const config = legacyConfig([{ ...CLOCK, _comment: 'x' }], [], { _description: 'y' });
  assert.doesNotThrow(() => importConfig(config));
});

test('percent_nulls and float precision have no effect and say so once', () => {
  const { imported } = importConfig(
    legacyConfig([CLOCK, { type: 'float', name: 'f', cardinality: 0, precision: 2, percent_nulls: 50, distribution: { type: 'uniform', min: 0, max: 1 } }, { type: 'int', name: 'i', cardinality: 0, percent_nulls: 20, distribution: { type: 'constant', value: 1 } }]),
  );
  assert.equal(imported.warnings.filter((w) => w.includes('percent_nulls has no effect')).length, 1);
  assert.equal(imported.warnings.filter((w) => w.includes('precision has no effect')).length, 1);
});

test('an enum whose uniform positions reach past its last value is accepted with the original\'s warning', () => {
  const { imported } = importConfig(legacyConfig([CLOCK, { type: 'enum', name: 'e', values: ['a', 'b'], cardinality_distribution: { type: 'uniform', min: 0, max: 3 } }]));
  assert.ok(imported.warnings.some((w) => /dimensions\[1\]\.cardinality_distribution\.max: uniform max \(3\) exceeds the last position \(1\)/.test(w)), imported.warnings.join('\n'));
});
