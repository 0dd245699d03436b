/**
 * The built-in gift-shop scenario, checked from the outside: the real CLI writes events,
 * and the test rebuilds sessions from session_id and compares what it sees with
 * scenarios/gift-shop.yaml. Seeds are fixed, so a pass is reproducible; every tolerance
 * is at least four standard errors of the sample it is applied to (asserted too).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { clickgen, REPO, START, tempDir } from '../helpers/cli.js';

interface ScenarioFile {
  states: Record<string, { event?: string; next?: Record<string, number> }>;
  initial?: string;
}

const scenario = parseYaml(readFileSync(join(REPO, 'scenarios', 'gift-shop.yaml'), 'utf8')) as ScenarioFile;
/** Event type → state (view_cart → viewcart, add_to_cart → addcart, ...). */
const stateOfEvent = new Map(Object.entries(scenario.states).map(([state, def]) => [def.event ?? state, state]));
const SESSION_VARIABLES = ['user_id', 'client_ip', 'client_device', 'client_lang', 'client_country', 'referrer'] as const;

/** Transition probabilities of a state, with the rest ending the session as "end". */
function expectedTransitions(state: string): Map<string, number> {
  const next = scenario.states[state].next ?? {};
  const out = new Map<string, number>();
  let sum = 0;
  for (const [target, p] of Object.entries(next)) {
    out.set(target, (out.get(target) ?? 0) + p);
    sum += p;
  }
  if (sum < 1 - 1e-9) out.set('end', (out.get('end') ?? 0) + 1 - sum);
  return out;
}

async function generate(args: string[]): Promise<string> {
  const result = await clickgen(['generate', '-s', 'gift-shop', '--start', START, '-q', ...args], { timeoutMs: 300_000 });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  return result.stdout;
}

function splitLines(text: string): string[] {
  assert.ok(text.endsWith('\n'), 'output ends with a newline');
  return text.slice(0, -1).split('\n');
}

test('every transition probability of gift-shop.yaml within ±1.5 percentage points', async (t) => {
  // 900,000 events give about 20,000 purchases, the rarest state with a 50/50 choice (17,800 are needed).
  const dir = tempDir(t);
  const format = join(dir, 'format.txt');
  writeFileSync(format, '{session_id}\\t{event_type}\\t{__time}\n');
  const lines = splitLines(await generate(['-n', '900000', '--seed', '11', '-f', format]));
  assert.equal(lines.length, 900_000);

  const sessions = new Map<string, { states: string[]; times: string[] }>();
  let previousTime = '';
  for (const line of lines) {
    const [id, type, time] = line.split('\t') as [string, string, string];
    const state = stateOfEvent.get(type);
    assert.ok(state !== undefined, `unknown event type ${type}`);
    // iso-local timestamps of one width compare as text.
    assert.ok(time >= previousTime, `events in time order: ${time} after ${previousTime}`);
    previousTime = time;
    let session = sessions.get(id);
    if (session === undefined) sessions.set(id, (session = { states: [], times: [] }));
    session.states.push(state);
    session.times.push(time);
  }

  // A session whose event is ten minutes (thirty mean dwells) before the last event has
  // shown its next event if it had one: a missing successor there means the session ended.
  const cutoff = new Date(Date.parse(`${previousTime}Z`) - 10 * 60_000).toISOString().slice(0, 23);
  const counts = new Map<string, Map<string, number>>();
  for (const session of sessions.values()) {
    assert.equal(session.states[0], scenario.initial ?? 'login', 'sessions start at the initial state');
    for (let i = 0; i < session.states.length; i++) {
      if (session.times[i] > cutoff) break;
      const from = session.states[i];
      const to = session.states[i + 1] ?? 'end';
      const row = counts.get(from) ?? new Map<string, number>();
      row.set(to, (row.get(to) ?? 0) + 1);
      counts.set(from, row);
    }
  }

  assert.deepEqual([...counts.keys()].sort(), Object.keys(scenario.states).sort(), 'every state was visited');
  for (const [from, row] of counts) {
    const n = [...row.values()].reduce((a, b) => a + b, 0);
    const expected = expectedTransitions(from);
    for (const to of row.keys()) assert.ok(expected.has(to), `${from} → ${to} is not a transition of the scenario`);
    for (const [to, p] of expected) {
      const observed = (row.get(to) ?? 0) / n;
      assert.ok(0.015 >= 4 * Math.sqrt((p * (1 - p)) / n), `${from}: ${n} visits are too few for ±1.5pp at p = ${p}`);
      assert.ok(Math.abs(observed - p) <= 0.015, `${from} → ${to}: observed ${observed.toFixed(4)} over ${n} visits, scenario says ${p}`);
    }
  }
});

test('sessions: a session_id on every event, session variables never change, time never goes back', async () => {
  const lines = splitLines(await generate(['-n', '200000', '--seed', '3']));
  assert.equal(lines.length, 200_000);
  const firstEvent = new Map<string, Record<string, unknown>>();
  const searched = new Set<string>();
  let previousTime = '';
  for (const line of lines) {
    const event = JSON.parse(line) as Record<string, unknown>;
    const id = event.session_id;
    assert.ok(typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), `session_id ${String(id)}`);
    const time = event.__time as string;
    assert.match(time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    assert.ok(time >= previousTime, `__time ${time} after ${previousTime}`);
    previousTime = time;

    const first = firstEvent.get(id);
    if (first === undefined) {
      assert.equal(event.event_type, 'login', 'a session starts with login');
      firstEvent.set(id, event);
    } else {
      for (const name of SESSION_VARIABLES) assert.equal(event[name], first[name], `${name} changed within session ${id}`);
    }
    // product and keyword are drawn on search; dropping the cart clears the product.
    if (event.event_type === 'search') {
      searched.add(id);
      assert.equal(typeof event.product, 'string');
      assert.equal(typeof event.keyword, 'string');
    } else if (!searched.has(id)) {
      assert.equal(event.product, null, 'no product before the first search');
      assert.equal(event.keyword, null, 'no keyword before the first search');
    }
    if (event.event_type === 'drop_from_cart') assert.equal(event.product, null);
  }
  assert.ok(firstEvent.size > 1000, `${firstEvent.size} sessions`);
});

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** P(index = k) for floor(X) clamped into [0, n), X with the given CDF. */
function clampedIndexProbabilities(n: number, cdf: (x: number) => number): number[] {
  return Array.from({ length: n }, (_, k) => (k === n - 1 ? 1 : cdf(k + 1)) - (k === 0 ? 0 : cdf(k)));
}

test('session variables follow the scenario distributions (±1 percentage point)', async (t) => {
  // Sessions that end after login: one line per session, so 50,000 lines are 50,000
  // independent draws of the session variables (drawn at session start, before the journey).
  const dir = tempDir(t);
  const format = join(dir, 'format.txt');
  writeFileSync(format, '{client_device}\\t{client_lang}\\t{client_country}\\t{referrer}\\t{client_ip}\\t{user_id}\n');
  const sessions = 50_000;
  const lines = splitLines(await generate(['-n', String(sessions), '--seed', '5', '-f', format, '--set', 'states.login.next.home=0']));
  assert.equal(lines.length, sessions);
  const rows = lines.map((line) => line.split('\t'));

  const source = parseYaml(readFileSync(join(REPO, 'scenarios', 'gift-shop.yaml'), 'utf8')) as { session: { vars: Record<string, { choice: string[] }> } };
  const choices = (name: string): string[] => source.session.vars[name].choice;
  const normal = (mean: number, sd: number) => (x: number) => normalCdf((x - mean) / sd);
  const expected: [string, number, number[]][] = [
    // int(exponential(mean 2)), clamped to the 4 devices
    ['client_device', 0, clampedIndexProbabilities(4, (x) => 1 - Math.exp(-x / 2))],
    ['client_lang', 1, clampedIndexProbabilities(8, normal(3, 2))],
    ['client_country', 2, clampedIndexProbabilities(13, normal(6, 4))],
    ['referrer', 3, clampedIndexProbabilities(8, normal(5, 3))],
  ];
  assert.ok(0.01 >= 4 * Math.sqrt(0.25 / sessions));
  for (const [name, column, probabilities] of expected) {
    const values = choices(name);
    assert.equal(values.length, probabilities.length);
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row[column], (counts.get(row[column]) ?? 0) + 1);
    for (const value of counts.keys()) assert.ok(values.includes(value), `${name}: unexpected value ${value}`);
    values.forEach((value, k) => {
      const share = (counts.get(value) ?? 0) / sessions;
      assert.ok(Math.abs(share - probabilities[k]) <= 0.01, `${name} = ${value}: share ${share.toFixed(4)}, expected ${probabilities[k].toFixed(4)}`);
    });
  }

  // client_ip: a pool of 1000 addresses in 127.0.0.1-127.255.255.255, picked by
  // int(exponential(mean 100)): the most common address has about 1 - e^(-1/100) ≈ 1.0%.
  const ips = new Map<string, number>();
  for (const row of rows) {
    const ip = row[4];
    assert.match(ip, /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    assert.ok(ip.split('.').every((octet) => Number(octet) <= 255), ip);
    ips.set(ip, (ips.get(ip) ?? 0) + 1);
  }
  assert.ok(ips.size <= 1000, `${ips.size} distinct client_ip values; the pool holds 1000`);
  const top = Math.max(...ips.values()) / sessions;
  assert.ok(top > 0.008 && top < 0.013, `most common client_ip share ${top}`);

  // user_id: int(uniform(0, 4000)); mean 1999.5, standard deviation 1154.7.
  let sum = 0;
  for (const row of rows) {
    const id = Number(row[5]);
    assert.ok(Number.isInteger(id) && id >= 0 && id < 4000, `user_id ${row[5]}`);
    sum += id;
  }
  const mean = sum / sessions;
  assert.ok(Math.abs(mean - 1999.5) <= 4 * (1154.7 / Math.sqrt(sessions)), `mean user_id ${mean}`);
});
