import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioText } from '../../src/scenario/load.js';
import { compileText, events } from '../helpers/run-scenario.js';

const START = Date.UTC(2024, 2, 4);
const SCENARIO = `
name: then
population: { id: "U{index}", returning: 0.5 }
arrivals: { rate: 1 }
initial: door
states:
  door: { event: null, dwell: { type: constant, value: 0 }, then: { match: session.returning, cases: { "true": look }, default: hello } }
  hello: { dwell: { type: constant, value: 0 }, omit: [roll], then: look }
  look: { next: { look: 0.5 } }
fields:
  type: { ref: event.type }
  session: { ref: session.number }
  user: { ref: user.id }
  returning: { ref: session.returning }
  roll: { number: { type: uniform, min: 0, max: 1 } }
`;

test('then: a new visitor passes hello, a returning one goes straight to look; no draw is taken on the way', () => {
  const rows = events(compileText(SCENARIO), { start: START, end: START + 3_600_000 });
  const seen = new Set<unknown>();
  for (const [i, row] of rows.entries()) {
    if (row.type !== 'hello') continue;
    assert.equal(row.returning, false);
    assert.equal(rows.slice(i + 1).find((r) => r.session === row.session)?.type, 'look');
    seen.add(row.user);
  }
  assert.ok(seen.size > 100);
  // Without hello, the look events draw exactly what they drew before: then takes nothing from the stream.
  const direct = events(compileText(SCENARIO.replace('default: hello', 'default: look')), { start: START, end: START + 3_600_000 });
  const looks = rows.filter((r) => r.type === 'look').map((r) => r.roll);
  assert.deepEqual(looks, direct.map((r) => r.roll));
});

test('then: an unknown target, or then with next, is refused at its place', () => {
  assert.throws(() => parseScenarioText(SCENARIO.replace('then: look', 'then: lok'), 's.yaml'), /states\.hello\.then: leads to unknown state "lok"; states are door, hello, look/);
  assert.throws(
    () => parseScenarioText(SCENARIO.replace('then: look }', 'then: look, next: { look: 1 } }'), 's.yaml'),
    /states\.hello\.then: give either then \(the next state, without a draw\) or next \/ next_weights, not both/,
  );
  assert.throws(() => parseScenarioText(SCENARIO.replace('then: look', 'then: { look: 1 }'), 's.yaml'), /states\.hello\.then: must be a state name, or \{ match: REFERENCE, cases: \{ VALUE: STATE \}, default: STATE \}/);
});
