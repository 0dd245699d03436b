/** simulate()'s options: a bad value is a UsageError naming the option and what is valid, before any event. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { simulate } from '../../src/pipeline/simulate.js';

/** The error simulate() throws when it is called: a bad option fails there, before any event is asked for. */
function refusal(options: unknown): UsageError {
  try {
    simulate(options as Parameters<typeof simulate>[0]);
  } catch (error) {
    assert.ok(error instanceof UsageError, `${String(error)} is a UsageError`);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return error;
  }
  assert.fail(`${JSON.stringify(options)} was taken`);
}

/** `named`: how the message begins, the option (and its value), followed by a space or a colon. */
function refuses(options: unknown, named: string, valid: RegExp): void {
  const error = refusal(options);
  assert.ok(error.message.startsWith(`${named} `) || error.message.startsWith(`${named}:`), `"${error.message}" begins with ${named}`);
  assert.match(error.message, valid);
}

async function events(options: Parameters<typeof simulate>[0]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const event of simulate(options)) out.push(event);
  return out;
}

const LAST_DATE = 8.64e15;
const notFinite = fc.constantFrom(NaN, Infinity, -Infinity);
const fraction = fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((n) => !Number.isInteger(n));

test('a count that is not a positive whole number is refused', () => {
  const bad = fc.oneof(notFinite, fraction, fc.integer({ max: 0 }), fc.double({ min: Number.MAX_SAFE_INTEGER + 2, noNaN: true }));
  fc.assert(fc.property(bad, (count) => refuses({ scenario: 'gift-shop', count }, 'count', /must be a positive integer/)));
  refuses({ scenario: 'gift-shop', count: '3' }, 'count "3"', /must be a positive integer/);
});

test('a seed that is not a whole number from 0 is refused', () => {
  const bad = fc.oneof(notFinite, fraction, fc.integer({ max: -1 }), fc.double({ min: Number.MAX_SAFE_INTEGER + 2, noNaN: true }));
  fc.assert(fc.property(bad, (seed) => refuses({ scenario: 'gift-shop', seed }, 'seed', /must be a whole number from 0 to 9007199254740991/)));
});

test('a duration of no time, or of no number, is refused as its text form is', () => {
  // Milliseconds round as the text's do: 0.4 is as empty as '0s'.
  const bad = fc.oneof(notFinite, fc.double({ max: 0.4999, noNaN: true }));
  fc.assert(fc.property(bad, (duration) => refuses({ scenario: 'gift-shop', duration }, 'duration', /must be milliseconds longer than 0.*'90s'/)));
  for (const duration of [NaN, -5, 0]) refuses({ scenario: 'gift-shop', duration }, `duration ${duration}`, /must be milliseconds longer than 0/);
  refuses({ scenario: 'gift-shop', duration: '0s' }, 'duration', /must be longer than 0/);
  refuses({ scenario: 'gift-shop', duration: true }, 'duration true', /milliseconds.*or text/);
});

test('a duration that ends the run after the last date a timestamp can hold is refused', () => {
  const start = Date.UTC(2024, 0, 1);
  const bad = fc.double({ min: LAST_DATE - start + 1, noNaN: true, noDefaultInfinity: true });
  fc.assert(fc.property(bad, (duration) => refuses({ scenario: 'gift-shop', duration }, 'duration', /ends the run after \+275760-09-13T00:00:00\.000Z/)));
  refuses({ scenario: 'gift-shop', start: '9999-01-01', duration: '100000000w' }, 'duration', /shorter duration or an earlier start/);
});

test('a start that is no date is refused', () => {
  const bad = fc.oneof(notFinite, fraction, fc.double({ min: LAST_DATE + 1, noNaN: true }), fc.double({ max: -LAST_DATE - 1, noNaN: true }));
  fc.assert(fc.property(bad, (start) => refuses({ scenario: 'gift-shop', start }, 'start', /a Date, epoch milliseconds \(a whole number from -8\.64e15 to 8\.64e15\) or ISO 8601 text/)));
  refuses({ scenario: 'gift-shop', start: NaN }, 'start NaN', /a Date, epoch milliseconds/);
  refuses({ scenario: 'gift-shop', start: new Date('x') }, 'start Invalid Date', /a Date, epoch milliseconds/);
  refuses({ scenario: 'gift-shop', start: true }, 'start true', /a Date, epoch milliseconds/);
  refuses({ scenario: 'gift-shop', start: '2024-02-30' }, 'start', /not an ISO 8601 date-time/);
});

test('a start given as a Date, epoch milliseconds or text, and a duration as milliseconds or text, are the same run', async () => {
  const start = Date.UTC(2024, 5, 1, 12);
  const runs = await Promise.all([
    events({ scenario: 'gift-shop', seed: 2, start: new Date(start), duration: 60_000 }),
    events({ scenario: 'gift-shop', seed: 2, start, duration: '1m' }),
    events({ scenario: 'gift-shop', seed: 2, start: '2024-06-01T12:00:00Z', duration: 'PT60S' }),
  ]);
  assert.ok(runs[0].length > 10, `${runs[0].length} events`);
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
});

test('scenario, set and env of a wrong kind are refused', () => {
  refuses({ scenario: null }, 'scenario null', /a built-in scenario name, a \.yaml\/\.json file or a scenario object/);
  refuses({ scenario: 5 }, 'scenario 5', /a built-in scenario name/);
  refuses({ scenario: 'gift-shop', set: 'arrivals.rate=2' }, 'set "arrivals.rate=2"', /\['path=value', \.\.\.\] or \{ path: value \}/);
  refuses({ scenario: 'gift-shop', set: [1] }, 'set[0] 1', /'path=value' text, e\.g\. 'arrivals\.rate=2'/);
  refuses({ scenario: 'gift-shop', set: { 'arrivals.rate': undefined } }, 'set["arrivals.rate"] undefined', /a number, string, boolean, null, list or object/);
  refuses({ scenario: 'gift-shop', set: { 'arrivals.rate': NaN } }, 'set["arrivals.rate"] NaN', /must be a finite number/);
  refuses({ scenario: 'gift-shop', set: { 'arrivals.rate': Infinity } }, 'set["arrivals.rate"] Infinity', /must be a finite number/);
  refuses({ scenario: 'cart', env: 'NUM_USERS=3' }, 'env "NUM_USERS=3"', /an object of environment variables, such as process\.env/);
  refuses({ scenario: 'cart', env: null }, 'env null', /an object of environment variables/);
  refuses({ scenario: 'cart', env: { NUM_USERS: 3 } }, 'env.NUM_USERS 3', /must be text, as in process\.env/);
});

test('options that are not an object are refused', () => {
  for (const options of [null, 5, 'gift-shop', ['gift-shop']]) refuses(options, 'options', /an object such as \{ scenario: 'shop', count: 100 \}/);
});

test('an option simulate() does not know is refused, with the nearest name and the list', async () => {
  const OPTIONS = 'options are scenario, seed, count, duration, start, set, env';
  assert.equal((refusal({ scenario: 'gift-shop', cnt: 3 })).message, `unknown option "cnt" (did you mean "count"?); ${OPTIONS}`);
  assert.equal((refusal({ scenario: 'gift-shop', rate: 3 })).message, `unknown option "rate"; ${OPTIONS}`);
  // An option given as undefined is one left out.
  assert.equal((await events({ scenario: 'gift-shop', count: 3, seed: undefined, env: undefined })).length, 3);
});

test('a scenario or an override that is wrong is named by the option it came in, not by a CLI flag', () => {
  refuses({ scenario: 'gift-shoop' }, 'scenario "gift-shoop"', /unknown scenario \(did you mean "gift-shop"\?\); built-in scenarios are /);
  refuses({ scenario: './no-such-scenario.yaml' }, 'scenario "./no-such-scenario.yaml"', /no such file/);
  const unknownKey = refusal({ scenario: 'gift-shop', set: ['arrivals.ratee=2'] });
  assert.match(unknownKey.message, /\(set arrivals\.ratee=2\): arrivals: unknown key "ratee" \(did you mean "rate"\?\)/);
  const noPath = refusal({ scenario: 'gift-shop', set: ['arrivals.rate'] });
  assert.match(noPath.message, /^set arrivals\.rate: expected path=value, e\.g\. 'arrivals\.rate=20'/);
  const objectScenario = refusal({ scenario: { extends: 'gift-shop' }, set: { 'states.hom.next.search': 0.5 } });
  assert.match(objectScenario.message, /^set states\.hom\.next\.search=0\.5: no state "hom" \(did you mean "home"\?\)/);
  for (const error of [unknownKey, noPath, objectScenario]) assert.doesNotMatch(error.message, /--set|--scenario/);
});
