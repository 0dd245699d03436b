import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileText, events } from '../helpers/run-scenario.js';

const START = Date.UTC(2024, 2, 4);
const SCENARIO = `
name: visitors
population:
  id: "U{index}"
  returning: 0.4
  segments:
    casual: { weight: 0.6 }
    regular: { weight: 0.3, returns: 3 }
    loyal: { weight: 0.1, returns: 6 }
arrivals:
  rate: 1
  timezones: { "America/Chicago": 2, "Europe/Rome": 1 }
states:
  visit: {}
fields:
  user: { ref: user.id }
  segment: { ref: user.segment }
  tz: { ref: session.timezone }
  returning: { ref: session.returning }
  visit: { ref: session.visit }
`;

const sessions = events(compileText(SCENARIO), { start: START, count: 40_000 });

test('new visitors are users never seen before; returning ones were seen, in the same time zone, with the same segment', () => {
  const seen = new Map<string, { tz: unknown; segment: unknown }>();
  for (const [i, s] of sessions.entries()) {
    const user = s.user as string;
    const earlier = seen.get(user);
    if (s.returning === true) {
      assert.ok(earlier !== undefined, `session ${i}: returning user ${user} was never seen`);
      assert.equal(s.tz, earlier.tz, `session ${i}: ${user} changed time zone`);
      assert.equal(s.segment, earlier.segment, `session ${i}: ${user} changed segment`);
    } else {
      assert.equal(s.returning, false);
      assert.equal(earlier, undefined, `session ${i}: new user ${user} was seen before`);
      seen.set(user, { tz: s.tz, segment: s.segment });
    }
  }
});

test('session.visit counts each user\'s sessions: 1 for a new visitor, one more at each return', () => {
  const visits = new Map<unknown, number>();
  for (const [i, s] of sessions.entries()) {
    const expected = (visits.get(s.user) ?? 0) + 1;
    visits.set(s.user, expected);
    assert.equal(s.visit, expected, `session ${i}: ${String(s.user)}`);
    assert.equal(s.visit === 1, s.returning === false);
  }
  assert.ok(Math.max(...visits.values()) > 3);
});

test('returning sessions make up the configured share (4σ binomial)', () => {
  const n = sessions.length;
  const share = sessions.filter((s) => s.returning === true).length / n;
  assert.ok(Math.abs(share - 0.4) < 4 * Math.sqrt((0.4 * 0.6) / n), `returning share ${share} of ${n}`);
});

test('segments come back in proportion to weight × returns; new visitors follow the weights (4σ binomial)', () => {
  const mix = (returning: boolean): Map<unknown, number> => {
    const chosen = sessions.filter((s) => s.returning === returning);
    const counts = new Map<unknown, number>();
    for (const s of chosen) counts.set(s.segment, (counts.get(s.segment) ?? 0) + 1 / chosen.length);
    return counts;
  };
  const check = (counts: Map<unknown, number>, expected: Record<string, number>, n: number): void => {
    for (const [segment, p] of Object.entries(expected)) {
      const got = counts.get(segment) ?? 0;
      assert.ok(Math.abs(got - p) < 4 * Math.sqrt((p * (1 - p)) / n), `${segment}: ${got}, expected ${p}`);
    }
  };
  const returningCount = sessions.filter((s) => s.returning === true).length;
  check(mix(false), { casual: 0.6, regular: 0.3, loyal: 0.1 }, sessions.length - returningCount);
  // Candidates are past visitors (mixed by weight), kept in proportion to their segment's returns.
  const kept = { casual: 0.6 * 1, regular: 0.3 * 3, loyal: 0.1 * 6 };
  const total = kept.casual + kept.regular + kept.loyal;
  check(mix(true), { casual: kept.casual / total, regular: kept.regular / total, loyal: kept.loyal / total }, returningCount);
});

test('time zones split sessions by share when the curves are flat', () => {
  const chicago = sessions.filter((s) => s.tz === 'America/Chicago').length / sessions.length;
  assert.ok(Math.abs(chicago - 2 / 3) < 4 * Math.sqrt((2 / 9) / sessions.length), `Chicago ${chicago}`);
});

test('a returning visitor needs an earlier one: `pick` and `returning` together are an error', () => {
  assert.throws(() => compileText(SCENARIO.replace('returning: 0.4', 'returning: 0.4\n  pick: { type: zipf, s: 1 }')), /population\.pick: picks from a fixed pool; with population\.returning/);
  assert.throws(() => compileText(SCENARIO.replace('"Europe/Rome"', '"Europe/Atlantis"')), /arrivals\.timezones\["Europe\/Atlantis"\]: is not an IANA time zone name/);
  assert.throws(() => compileText(SCENARIO.replace('rate: 1', 'interarrival: { type: exponential, mean: 1 }')), /arrivals\.timezones: apply the rate and its curves in local time, which interarrival replaces/);
});
