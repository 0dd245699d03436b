/**
 * A/B(/n) experiments in the engine: arms split the users by share, a user keeps one arm,
 * an arm's true effect shows in its users' transitions, and the engine's counts per arm are
 * what a reader counts in the events. The funnel (helpers/timeline-scenarios.ts) runs for an
 * hour: 72,000 sessions of 20,000 users, nearly every user seen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventToObject } from '../../src/encode/event-object.js';
import { Engine } from '../../src/engine/engine.js';
import type { CompiledScenario } from '../../src/scenario/compile.js';
import { funnel, MINUTE, run, START } from '../helpers/timeline-scenarios.js';

const END = START + 60 * MINUTE;

const EXPERIMENT = `experiments:
  checkout:
    goal: purchase
    arms:
      control: { share: 0.2 }
      faster: { share: 0.3, transitions: { cart: { purchase: 1.5 } } }
      slower: { share: 0.5, transitions: { cart: { end: 1.25 } } }
`;

interface Row {
  time: number;
  type: string;
  user: number;
  session: number;
  arm: string;
}

function rows(scenario: CompiledScenario): { rows: Row[]; engine: Engine } {
  const engine = new Engine(scenario, { start: START, end: END });
  const out: Row[] = [];
  for (let e = engine.next(); e !== null; e = engine.next()) out.push(eventToObject(e, scenario.schema) as unknown as Row);
  return { rows: out, engine };
}

const { rows: seen, engine } = rows(funnel(EXPERIMENT, 1, undefined, '  arm: { ref: experiment.checkout }\n'));

test('arms split the users by their shares (± 0.015, four standard errors on 20,000 users), and a user never changes arm', () => {
  const armOf = new Map<number, string>();
  for (const row of seen) {
    const earlier = armOf.get(row.user);
    assert.ok(earlier === undefined || earlier === row.arm, `user ${row.user} is in ${earlier} and in ${row.arm}`);
    armOf.set(row.user, row.arm);
  }
  assert.ok(armOf.size > 19_000, `${armOf.size} users seen`);
  const shares = { control: 0.2, faster: 0.3, slower: 0.5 };
  for (const [arm, share] of Object.entries(shares)) {
    const measured = [...armOf.values()].filter((a) => a === arm).length / armOf.size;
    assert.ok(Math.abs(measured - share) <= 0.015, `${arm}: ${measured} of the users, share ${share}`);
  }
});

test("an arm's true effect shows in its users' transitions (± 0.03); the control arm is the scenario as written", () => {
  const purchased = new Set(seen.filter((r) => r.type === 'purchase').map((r) => r.session));
  const share = (arm: string): number => {
    const carts = seen.filter((r) => r.type === 'cart' && r.arm === arm);
    return carts.filter((r) => purchased.has(r.session)).length / carts.length;
  };
  // About 4,000 to 11,000 carts an arm: standard errors of 0.005 to 0.008.
  assert.ok(Math.abs(share('control') - 0.4) <= 0.03, `control: ${share('control')}`);
  assert.ok(Math.abs(share('faster') - 0.6) <= 0.03, `faster: ${share('faster')}`);
  // Leaving × 1.25: 0.6 becomes 0.75, and purchase gives up the difference.
  assert.ok(Math.abs(share('slower') - 0.25) <= 0.03, `slower: ${share('slower')}`);
});

test("the engine's counts per arm are what a reader counts in the events: users, sessions, converted sessions", () => {
  const experiments = engine.experiments!;
  const [definition] = experiments.definitions;
  definition.arms.forEach((arm, a) => {
    const mine = seen.filter((r) => r.arm === arm.name.text);
    assert.equal(experiments.counts[0].users[a].size, new Set(mine.map((r) => r.user)).size, `${arm.name.text}: users`);
    assert.equal(experiments.counts[0].sessions[a], new Set(mine.map((r) => r.session)).size, `${arm.name.text}: sessions`);
    assert.equal(experiments.counts[0].converted[a], new Set(mine.filter((r) => r.type === 'purchase').map((r) => r.session)).size, `${arm.name.text}: converted`);
  });
});

test('an experiment without effects changes no draw: the run is the run without it, but for the arm field', () => {
  const plain = run(funnel(), START + 10 * MINUTE).events;
  const labelled = run(funnel(`experiments:\n  e: { arms: { a: { share: 0.5 }, b: { share: 0.5 } } }`), START + 10 * MINUTE).events;
  assert.deepEqual(labelled, plain);
});
