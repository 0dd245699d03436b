import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { simulate, type SimulateOptions } from '../../src/pipeline/simulate.js';
import type { ScenarioDocument } from '../../src/scenario/scenario-document.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';

test('simulate() yields a scenario with late delivery in processing-time order', async () => {
  let previous = -Infinity;
  let outOfOrder = 0;
  let latest = -Infinity;
  let n = 0;
  for await (const event of simulate({ scenario: 'cart', count: 5000, seed: 4 })) {
    const received = event.processing_time as number;
    const happened = event.event_time as number;
    assert.ok(received >= previous, `event ${n} received before the one written ahead of it`);
    previous = received;
    if (happened < latest) outOfOrder++;
    latest = Math.max(latest, happened);
    n++;
  }
  assert.equal(n, 5000);
  assert.ok(outOfOrder > 100, `${outOfOrder} events out of order`);
});

test("set takes an object of paths and values, the same as ['path=value'] strings", async () => {
  const collect = async (set: SimulateOptions['set']) => {
    const out: Record<string, unknown>[] = [];
    for await (const event of simulate({ scenario: 'gift-shop', count: 200, seed: 3, set })) out.push(event);
    return out;
  };
  const asObject = await collect({ 'arrivals.rate': 2, 'states.home.next.search': 0.9 });
  const asStrings = await collect(['arrivals.rate=2', 'states.home.next.search=0.9']);
  assert.deepEqual(asObject, asStrings);
  assert.notDeepEqual(asObject, await collect([]), 'the overrides change the events');
});

/** A built-in's file as a scenario object: what a caller that parsed the file hands simulate(). */
function parsedBuiltin(name: string): ScenarioInput {
  return parseYaml(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), 'utf8')) as ScenarioInput;
}

async function collect(options: SimulateOptions): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const event of simulate(options)) out.push(event);
  return out;
}

const users = (events: readonly Record<string, unknown>[]): number => new Set(events.map((event) => event.user_id)).size;

test('a scenario object takes params from env and overrides from set, as its name does', async () => {
  for (const [given, expectedUsers] of [[{ env: { NUM_USERS: '3' } }, 3], [{ set: { NUM_USERS: 5 } }, 5], [{ env: { NUM_USERS: '3' }, set: ['NUM_USERS=5'] }, 5]] as const) {
    const byName = await collect({ scenario: 'cart', count: 2000, seed: 1, ...given });
    const byObject = await collect({ scenario: parsedBuiltin('cart'), count: 2000, seed: 1, ...given });
    assert.equal(users(byObject), expectedUsers, JSON.stringify(given));
    assert.deepEqual(byObject, byName, JSON.stringify(given));
  }
});

test('a bad value from env or set on a scenario object names where it came from', async () => {
  await assert.rejects(collect({ scenario: parsedBuiltin('cart'), env: { NUM_USERS: 'abc' } }), /^UsageError: cart \(environment NUM_USERS=abc\): population\.users: must be number, got string "abc"$/);
  await assert.rejects(collect({ scenario: parsedBuiltin('cart'), set: { 'arrivals.rat': 2 } }), /^UsageError: cart \(set arrivals\.rat=2\): arrivals: unknown key "rat" \(did you mean "rate"\?\)/);
});

test('a scenario object extends another as its file does', async () => {
  for (const name of ['ecommerce-users', 'shop-ga4']) {
    assert.deepEqual(await collect({ scenario: parsedBuiltin(name), count: 300, seed: 5 }), await collect({ scenario: name, count: 300, seed: 5 }), name);
  }
});

test('the option types take what a scenario file holds: an extension that gives only what it changes, and ${PARAM} text for a number', async () => {
  // Typed as a user writes them: the typecheck of the tests fails if either is refused.
  const slower: SimulateOptions['scenario'] = { extends: 'cart', name: 'slow-cart', arrivals: { rate: 0.5 } };
  const tiny: ScenarioDocument = {
    name: 'tiny',
    params: { N: 3 },
    population: { users: '${N}' },
    states: { home: { next: {} } },
    fields: { user_id: { ref: 'user.id' }, event_type: { ref: 'event.type' } },
  };
  const base = await collect({ scenario: 'cart', duration: '1h', seed: 2 });
  const slow = await collect({ scenario: slower, duration: '1h', seed: 2 });
  assert.ok(slow.length > 0 && slow.length < base.length / 2, `half the arrival rate: ${slow.length} events against ${base.length}`);
  assert.equal(users(await collect({ scenario: tiny, count: 500, seed: 1 })), 3);
  assert.equal(users(await collect({ scenario: tiny, count: 500, seed: 1, set: { N: 2 } })), 2);
});
