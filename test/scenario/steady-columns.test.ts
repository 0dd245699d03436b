import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CompiledScenario } from '../../src/scenario/compile.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { compileRandom, fieldsScenario, forEachEvent } from '../helpers/random-scenarios.js';

function steadyNames(compiled: CompiledScenario): string[] {
  return compiled.schema.fields.filter((f) => f.steady === true).map((f) => f.name);
}

/** Fails when a column called steady shows two values in one session. */
function assertSteadyHolds(compiled: CompiledScenario, count: number): void {
  const first = new Map<string, unknown>();
  const steady = compiled.schema.fields.filter((f) => f.steady === true);
  forEachEvent(compiled, count, (event) => {
    for (const field of steady) {
      if (!event.layout.columns.includes(field.index)) continue;
      const key = `${event.session}/${field.index}`;
      const value = event.values[field.index];
      if (!first.has(key)) first.set(key, value);
      else assert.ok(Object.is(first.get(key), value), `${field.name} changed within session ${event.session}`);
    }
  });
}

test('gift-shop: the user, the session id and the login variables are steady; time, event type and what a search sets are not', () => {
  const compiled = compileScenario(loadScenario('gift-shop').scenario, 1);
  assert.deepEqual(steadyNames(compiled), ['user_id', 'client_ip', 'client_device', 'client_lang', 'client_country', 'referrer', 'session_id']);
  assertSteadyHolds(compiled, 20_000);
});

test('a column is not steady when a state sets its variable, writes it from another source, or the cart takes it, nor in a segment that does', () => {
  const compiled = compileRandom({
    name: 'unsteady',
    arrivals: { rate: 2 },
    population: { users: 50, segments: { calm: { weight: 1 }, busy: { weight: 1, set: { 'states.b.fields.tier_b': { ref: 'mood' } } } } },
    session: { vars: { tier: { choice: ['gold', 'silver'] }, mood: { choice: ['calm', 'busy'] }, item: { choice: ['x', 'y'] }, kept: { ip: true } } },
    states: {
      a: { dwell: { type: 'constant', value: 1 }, set: { mood: { choice: ['calm', 'busy', 'lost'] } }, cart: { add: 'item' }, next: { b: { p: 1, when: 'cart_not_empty' } } },
      b: { dwell: { type: 'constant', value: 1 }, fields: { sid: { ref: 'user.id' } }, cart: { remove: 'item' }, next: { a: 0.8 } },
    },
    fields: { at: { time: 'iso' }, tier: { ref: 'tier' }, tier_b: { ref: 'tier' }, mood: { ref: 'mood' }, item: { ref: 'item' }, kept: { ref: 'kept' }, sid: { ref: 'session.id' }, plain: 7 },
  });
  assert.ok(compiled !== null);
  assert.deepEqual(steadyNames(compiled), ['tier', 'kept', 'plain']);
  assertSteadyHolds(compiled, 5_000);
});

test('property: a column called steady never changes within a session', () => {
  fc.assert(
    fc.property(fieldsScenario, (raw) => {
      const compiled = compileRandom(raw);
      fc.pre(compiled !== null);
      assertSteadyHolds(compiled, 60);
    }),
    { numRuns: 300 },
  );
});

test('a catalog row kept for the session makes its columns steady; a row a state picks again does not', () => {
  const ecommerce = compileScenario(loadScenario('ecommerce').scenario, 1);
  const names = steadyNames(ecommerce);
  for (const name of ['country', 'city']) assert.ok(names.includes(name), `${name} (the user's home row) should be steady: ${names.join(', ')}`);
  for (const name of ['product_id', 'product_name', 'price']) assert.ok(!names.includes(name), `${name} (a row views pick again) should not be steady`);
  assertSteadyHolds(ecommerce, 20_000);

  const compiled = compileRandom({
    name: 'rows',
    arrivals: { rate: 2 },
    catalogs: { places: { rows: [{ city: 'Oslo', pop: 1 }, { city: 'Lima', pop: 2 }, { city: 'Pune', pop: 3 }] } },
    session: { vars: { home: { pick: 'places' }, seen: { pick: 'places' } } },
    states: {
      a: { dwell: { type: 'constant', value: 1 }, set: { seen: { pick: 'places' } }, next: { a: 0.9 } },
    },
    fields: { home_city: { ref: 'home.city' }, home_pop: { ref: 'home.pop' }, seen_city: { ref: 'seen.city' } },
  });
  assert.ok(compiled !== null);
  assert.deepEqual(steadyNames(compiled), ['home_city', 'home_pop']);
  assertSteadyHolds(compiled, 5_000);
});
