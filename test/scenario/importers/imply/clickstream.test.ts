import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Engine } from '../../../../src/engine/engine.js';
import { Sym } from '../../../../src/engine/sym.js';
import { eventToObject } from '../../../../src/encode/event-object.js';
import { importConfig, START } from '../../../helpers/imply.js';

/**
 * The compat clickstream config against the numbers in it: 200,000 records, -m 20, the
 * transition probabilities within 1.5 points, the value domains and the enum, delay and
 * concurrency behaviour of generator.py.
 */
const CONFIG = JSON.parse(readFileSync('test/fixtures/imply/clickstream/clickstream.json', 'utf8')) as {
  states: { name: string; variables?: { name: string; values?: unknown[] }[]; transitions: { next: string; probability: number }[] }[];
};
const N = 200_000;
const WORKERS = 20;
const EVENT_OF_STATE: Record<string, string> = {};
for (const s of CONFIG.states) EVENT_OF_STATE[s.name] = (s.variables!.find((v) => v.name === 'event_type')!.values as string[])[0]!;

interface Row {
  session: number;
  time: number;
  fields: Record<string, unknown>;
}

const { compiled } = importConfig(readFileSync('test/fixtures/imply/clickstream/clickstream.json', 'utf8'), { seed: 2024, maxWorkers: WORKERS });
const rows: Row[] = [];
let maxActive = 0;
{
  const engine = new Engine(compiled, { start: START, count: N });
  for (let e = engine.next(); e !== null; e = engine.next()) {
    rows.push({ session: e.session, time: e.time, fields: eventToObject(e, compiled.schema) });
    if (engine.activeSessions > maxActive) maxActive = engine.activeSessions;
  }
}
const bySession = new Map<number, Row[]>();
for (const row of rows) bySession.set(row.session, [...(bySession.get(row.session) ?? []), row]);
const lastTime = rows[rows.length - 1].time;

test('200,000 records, in time order, every one with the ten fields of the click emitter', () => {
  assert.equal(rows.length, N);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i].time >= rows[i - 1].time);
  for (const row of rows) assert.deepEqual(Object.keys(row.fields), ['__time', 'user_id', 'event_type', 'client_ip', 'client_device', 'client_lang', 'client_country', 'referrer', 'keyword', 'product']);
});

test('transition probabilities match the config within 1.5 points', () => {
  const counts = new Map<string, Map<string, number>>();
  for (const session of bySession.values()) {
    for (let i = 0; i < session.length; i++) {
      const from = session[i].fields.event_type as string;
      // A session's last record is a stop only if it ended well before the run did.
      const to = i + 1 < session.length ? (session[i + 1].fields.event_type as string) : session[i].time < lastTime - 600_000 ? 'stop' : null;
      if (to === null) continue;
      const row = counts.get(from) ?? new Map<string, number>();
      row.set(to, (row.get(to) ?? 0) + 1);
      counts.set(from, row);
    }
  }
  for (const state of CONFIG.states) {
    const row = counts.get(EVENT_OF_STATE[state.name])!;
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    assert.ok(total > 500, `${state.name}: ${total} transitions`);
    for (const t of state.transitions) {
      const to = t.next === 'stop' ? 'stop' : EVENT_OF_STATE[t.next];
      const observed = (row.get(to) ?? 0) / total;
      assert.ok(Math.abs(observed - t.probability) <= 0.015, `${state.name} → ${t.next}: ${observed.toFixed(4)} vs ${t.probability}`);
    }
    const allowed = new Set(state.transitions.map((t) => (t.next === 'stop' ? 'stop' : EVENT_OF_STATE[t.next])));
    for (const to of row.keys()) assert.ok(allowed.has(to), `${state.name} → ${to} is not in the config`);
  }
});

test('value domains: every value is one the config can produce', () => {
  const login = CONFIG.states.find((s) => s.name === 'login')!;
  const search = CONFIG.states.find((s) => s.name === 'search')!;
  const domain = (state: typeof login, name: string): Set<unknown> => new Set(state.variables!.find((v) => v.name === name)!.values);
  const ips = new Set<unknown>();
  for (const { fields } of rows) {
    assert.ok(Number.isInteger(fields.user_id) && (fields.user_id as number) >= 0 && (fields.user_id as number) <= 4000);
    assert.match(fields.client_ip as string, /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    ips.add(fields.client_ip);
    for (const name of ['client_device', 'client_lang', 'client_country', 'referrer']) assert.ok(domain(login, name).has(fields[name]), `${name} ${String(fields[name])}`);
    assert.ok(fields.keyword === null || domain(search, 'keyword').has(fields.keyword));
    assert.ok(fields.product === null || domain(search, 'product').has(fields.product));
    assert.ok(Object.values(EVENT_OF_STATE).includes(fields.event_type as string));
  }
  // A pool of 1000 addresses, picked by exponential(100) positions.
  assert.ok(ips.size <= 1000 && ips.size > 100, String(ips.size));
});

test('enum distributions: device, language, country and referrer shares at login within 1.5 points', () => {
  // A worker writes about 88 records: 1,500,000 records hold about 17,000 logins.
  const logins: Record<string, unknown>[] = [];
  const engine = new Engine(compiled, { start: START, count: 1_500_000 });
  const column = (name: string): number => compiled.schema.indexOf(name);
  const names = ['user_id', 'client_device', 'client_lang', 'client_country', 'referrer'];
  const type = column('event_type');
  for (let e = engine.next(); e !== null; e = engine.next()) {
    if ((e.values[type] as Sym).text !== 'login') continue;
    logins.push(Object.fromEntries(names.map((n) => [n, e.values[column(n)] instanceof Sym ? (e.values[column(n)] as Sym).text : e.values[column(n)]])));
  }
  assert.ok(logins.length > 15_000, String(logins.length));
  const exp = (mean: number, i: number, n: number): number => (i === n - 1 ? Math.exp(-i / mean) : Math.exp(-i / mean) - Math.exp(-(i + 1) / mean));
  const phi = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));
  const normal = (mean: number, sd: number, i: number, n: number): number => (i === n - 1 ? 1 : phi((i + 1 - mean) / sd)) - (i === 0 ? 0 : phi((i - mean) / sd));
  const check = (name: string, values: string[], p: (i: number) => number): void => {
    values.forEach((v, i) => {
      const observed = logins.filter((l) => l[name] === v).length / logins.length;
      assert.ok(Math.abs(observed - p(i)) <= 0.015, `${name}=${v}: ${observed.toFixed(4)} vs ${p(i).toFixed(4)}`);
    });
  };
  check('client_device', ['mobile', 'tablet', 'laptop', 'desktop'], (i) => exp(2, i, 4));
  check('client_lang', ['Russian', 'French', 'Mandarin', 'English', 'Hindi', 'Spanish', 'Arabic', 'Portuguese'], (i) => normal(3, 2, i, 8));
  check('referrer', ['twitter.com/post', 'google.com/search', 'facebook.com/referring-group', 'bing.com/search', 'amazon.com', 'adserve.com', 'adsRus.com', 'unknown'], (i) => normal(5, 3, i, 8));
  const countries = ['Vietnam', 'Philippines', 'Mexico', 'Brazil', 'Pakistan', 'United States', 'China', 'India', 'Indonesia', 'Nigeria', 'Russia', 'Japan', 'Egypt'];
  check('client_country', countries, (i) => normal(6, 4, i, 13));
  // user_id: int of uniform(0, 4001): 0..4000 evenly, mean 2000
  const mean = logins.reduce((a, l) => a + (l.user_id as number), 0) / logins.length;
  assert.ok(Math.abs(mean - 2000) < 40, String(mean));
});

test('delays: every gap between a worker\'s records is exponential with mean 20 s', () => {
  const gaps: number[] = [];
  for (const session of bySession.values()) for (let i = 1; i < session.length; i++) gaps.push((session[i].time - session[i - 1].time) / 1000);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  assert.ok(Math.abs(mean - 20) < 0.3, `mean gap ${mean}`);
  for (const x of [5, 20, 60]) {
    const observed = gaps.filter((g) => g < x).length / gaps.length;
    assert.ok(Math.abs(observed - (1 - Math.exp(-x / 20))) < 0.01, `P(gap < ${x}) = ${observed}`);
  }
});

test('variables persist: a worker keeps its login values, and its last keyword and product until it changes them', () => {
  for (const session of [...bySession.values()].slice(0, 2000)) {
    const first = session[0].fields;
    assert.equal(first.event_type, 'login');
    assert.equal(first.keyword, null);
    let product: unknown = null;
    for (const { fields } of session) {
      for (const k of ['user_id', 'client_ip', 'client_device', 'client_lang', 'client_country', 'referrer']) assert.equal(fields[k], first[k]);
      if (fields.event_type === 'search' || fields.event_type === 'drop_from_cart') product = fields.product;
      else assert.equal(fields.product, product);
    }
  }
});

test('-m: never more than 20 workers at once, and the cap is reached', () => {
  assert.equal(maxActive, WORKERS);
});

function erf(x: number): number {
  // Abramowitz and Stegun 7.1.26: error below 1.5e-7, far inside the tolerances used here.
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
}
