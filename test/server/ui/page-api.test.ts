import assert from 'node:assert/strict';
import { request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { ClickgenServer } from '../../../src/server/server.js';
import { pageScenario } from '../../../src/server/ui/page-scenario.js';
import { MAX_BODY_BYTES } from '../../../src/server/ui/studio-page.js';
import { get } from '../../helpers/http-client.js';
import { startServer } from '../../helpers/serve-in-process.js';

let server: ClickgenServer;
let base: string;

before(async () => {
  ({ server, base } = await startServer({ token: 'page-token' }));
});
after(() => server.shutdown());

const AUTH = { Authorization: 'Bearer page-token' };

/** POSTs a body (a string, or chunks sent one by one without a length) and reads the JSON answer. */
function post(path: string, body: string | string[], headers: Record<string, string> = AUTH): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (const chunk of typeof body === 'string' ? [body] : body) req.write(chunk);
    req.end();
  });
}

test('the page and its files need no token; its API does', async () => {
  const page = await get(`${base}/ui`);
  assert.equal(page.status, 200);
  assert.match(page.headers['content-type']!, /^text\/html/);
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  assert.equal((await get(`${base}/ui/studio.js`)).status, 200);
  assert.equal((await get(`${base}/ui/api/scenarios`)).status, 401);
  const scenarios = await get(`${base}/ui/api/scenarios`, AUTH);
  assert.equal(scenarios.status, 200);
  const names = (JSON.parse(scenarios.body) as { scenarios: { name: string }[] }).scenarios.map((s) => s.name);
  assert.ok(names.includes('cart') && names.includes('travel'));
});

test('no path reaches the file system, and unknown page paths are 404', async () => {
  for (const path of ['/ui/../package.json', '/ui/%2e%2e/package.json', '/ui/api/nope', '/ui/studio.ts']) {
    assert.equal((await get(`${base}${path}`, AUTH)).status, 404, path);
  }
  assert.equal((await get(`${base}/ui/api/check`, AUTH)).status, 405);
});

test('a scenario text over the limit gets 413 with the limit, declared or streamed', async () => {
  const big = JSON.stringify({ yaml: 'x'.repeat(MAX_BODY_BYTES + 1) });
  const declared = await post('/ui/api/check', big);
  assert.equal(declared.status, 413);
  assert.equal(declared.json.error, 'BODY_TOO_LARGE');
  assert.equal(declared.json.limit_bytes, MAX_BODY_BYTES);
  assert.equal(declared.json.message, `the scenario text is over the limit of ${MAX_BODY_BYTES} bytes (512 KiB)`);
  const chunk = 'y'.repeat(64 * 1024);
  const streamed = await post('/ui/api/preview', ['{"yaml":"', ...Array.from({ length: 9 }, () => chunk), '"}'], { ...AUTH, 'Transfer-Encoding': 'chunked' });
  assert.equal(streamed.status, 413);
});

test('broken YAML and text that is not a scenario are answered with problems and lines, never a server error', async () => {
  const syntax = await post('/ui/api/check', JSON.stringify({ yaml: 'name: x\nstates:\n  a: [1, 2\n' }));
  assert.equal(syntax.status, 200);
  assert.equal(syntax.json.ok, false);
  const [first] = syntax.json.problems as { line: number; message: string }[];
  assert.equal(typeof first.line, 'number');
  assert.match(first.message, /^not valid YAML or JSON/);

  const list = await post('/ui/api/preview', JSON.stringify({ yaml: '- 1\n- 2\n' }));
  assert.deepEqual(list.json, { ok: false, problems: [{ line: null, column: null, message: 'a scenario must be a mapping with name, states and fields' }] });

  const rules = await post('/ui/api/check', JSON.stringify({ yaml: 'name: x\nstates:\n  a:\n    next: { b: 0.5 }\nfields:\n  t: { ref: event.type }\n' }));
  assert.equal(rules.json.ok, false);
  assert.deepEqual((rules.json.problems as { line: number }[]).map((p) => p.line), [4]);
});

test('a pasted scenario may extend a built-in one, never read a file of the server', async () => {
  const builtin = await post('/ui/api/check', JSON.stringify({ yaml: 'extends: cart\nname: my-cart\n' }));
  assert.equal(builtin.json.ok, true);
  assert.equal(builtin.json.name, 'my-cart');
  for (const file of ['/etc/passwd', '../scenarios/cart.yaml', './x.yaml']) {
    const refused = await post('/ui/api/check', JSON.stringify({ yaml: `extends: ${file}\nname: sneaky\n` }));
    assert.equal(refused.json.ok, false, file);
    // The place is said once: `extends: FILE: ...`.
    assert.match((refused.json.problems as { message: string }[])[0].message, new RegExp(`^extends: ${file.replace(/[.]/g, '\\.')}: a pasted scenario extends built-in scenarios only \\(gift-shop, `));
  }
});

test('a body that is not what the page sends gets 400 saying what is wrong', async () => {
  const notJson = await post('/ui/api/check', 'name: x');
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json.error, 'BAD_BODY');
  const both = await post('/ui/api/check', JSON.stringify({ scenario: 'cart', yaml: 'name: x' }));
  assert.equal(both.status, 400);
  assert.equal(both.json.message, 'the body: give either scenario (a built-in name) or yaml (the scenario text)');
  const count = await post('/ui/api/preview', JSON.stringify({ scenario: 'cart', count: 1_000_000 }));
  assert.equal(count.status, 400);
  assert.match(count.json.message as string, /^count: /);
  const start = await post('/ui/api/preview', JSON.stringify({ scenario: 'cart', start: 'yesterday' }));
  assert.equal(start.json.ok, false);
  assert.match((start.json.problems as { message: string }[])[0].message, /^start yesterday: /);
});

test('check refuses a start that generate refuses, with the problem a preview answers: its command line must run', async () => {
  const sale = 'extends: cart\nname: sale\ntimeline:\n  - { from: 2024-01-01T00:00:00Z, to: 2024-01-01T01:00:00Z, rate: 3 }\n';
  for (const [body, message] of [
    [{ scenario: 'cart', start: 'yesterday' }, /^start yesterday: not an ISO 8601 date-time; e\.g\. start 2024-01-01T00:00:00Z/],
    [{ yaml: sale, start: '2024-01-01T00:30:00Z' }, /timeline\[0\]\.from: 2024-01-01T00:00:00\.000Z is before the run's start 2024-01-01T00:30:00\.000Z/],
  ] as const) {
    const check = await post('/ui/api/check', JSON.stringify(body));
    assert.equal(check.status, 200);
    assert.equal(check.json.ok, false, JSON.stringify(check.json));
    assert.match((check.json.problems as { message: string }[])[0].message, message);
    assert.deepEqual(check.json, (await post('/ui/api/preview', JSON.stringify(body))).json);
  }
  // The start the timeline fits is checked as before.
  assert.equal((await post('/ui/api/check', JSON.stringify({ yaml: sale }))).json.ok, true);
});

test('a preview with --set values: the events and the command line follow them', async () => {
  const answer = await post('/ui/api/preview', JSON.stringify({ scenario: 'cart', set: ['NUM_USERS=7'], count: 500, seed: 9 }));
  assert.equal(answer.json.ok, true);
  assert.equal(answer.json.command, 'clickgen generate -s cart --seed 9 -n 500 --start 2024-01-01T00:00:00Z --set NUM_USERS=7');
  assert.equal(answer.json.events, 500);
  const users = new Set((answer.json.sample as { user_id: string }[]).map((row) => row.user_id));
  assert.ok([...users].every((id) => /^USER_000[1-7]$/.test(id)), [...users].join(','));
});

test('any text at all: the page scenario is loaded or its problems are listed, nothing is thrown', () => {
  const cart = readFileSync(new URL('../../../scenarios/cart.yaml', import.meta.url), 'utf8');
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.tuple(fc.nat(cart.length), fc.nat(40), fc.string({ maxLength: 20 })).map(([at, cut, insert]) => cart.slice(0, at) + insert + cart.slice(at + cut))), (text) => {
      const result = pageScenario({ yaml: text, set: [], count: 10, start: '2024-01-01T00:00:00Z' });
      if (!result.ok) {
        assert.ok(result.problems.length > 0);
        for (const problem of result.problems) assert.ok(problem.line === null || (problem.line >= 1 && problem.line <= text.split('\n').length + 1), JSON.stringify(problem));
      }
    }),
    { numRuns: 150 },
  );
});

test("checks and previews run in the page's own thread: the server's main thread stays free for paced streams", async () => {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let longest = 0;
  const timed = async (path: string, body: Record<string, unknown>): Promise<void> => {
    const began = performance.now();
    assert.equal((await post(path, JSON.stringify(body))).json.ok, true);
    longest = Math.max(longest, performance.now() - began);
  };
  delay.enable();
  for (const scenario of ['user-behavior', 'ecommerce', 'shop']) {
    await timed('/ui/api/check', { scenario, seed: 77 });
    await timed('/ui/api/preview', { scenario, seed: 77, count: 20_000 });
  }
  delay.disable();
  // Done in the main thread, the longest request would hold it about that long.
  assert.ok(delay.max / 1e6 < longest / 3, `the main thread was held ${(delay.max / 1e6).toFixed(0)} ms; the longest request took ${longest.toFixed(0)} ms`);
});

/** POSTs a page request to /ui/api/stream and reads the whole response as text. */
function postStream(query: string, body: unknown, headers: Record<string, string> = AUTH): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/ui/api/stream?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('a pasted scenario streams live: its own events, at the rate asked, the count honoured', async () => {
  const yaml = 'extends: cart\nname: my-cart\nparams:\n  NUM_USERS: 3\n';
  const started = performance.now();
  const answer = await postStream('rate=200&count=100&duration=30', { yaml, seed: 4 });
  const seconds = (performance.now() - started) / 1000;
  assert.equal(answer.status, 200, answer.text);
  const events = answer.text.trimEnd().split('\n').map((line) => JSON.parse(line) as { user_id: string; event_type: string });
  assert.equal(events.length, 100);
  // The pasted params hold: three users only, as NUM_USERS says.
  assert.ok(events.every((e) => /^USER_000[1-3]$/.test(e.user_id)), [...new Set(events.map((e) => e.user_id))].join(','));
  // 100 events at 200/s: half a second of pacing at least, not a batch written at once.
  assert.ok(seconds >= 0.4, `${seconds.toFixed(2)} s`);
  // A built-in with a --set value streams too.
  const withSet = await postStream('rate=1000&count=50', { scenario: 'cart', set: ['NUM_USERS=2'] });
  assert.equal(withSet.status, 200, withSet.text);
  assert.ok(withSet.text.trimEnd().split('\n').every((line) => /"user_id":"USER_000[12]"/.test(line)));
});

test('a page stream of a broken scenario, or with a bad parameter, is refused before any event', async () => {
  const broken = await postStream('rate=100', { yaml: 'name: x\nstates:\n  a: { dwelll: 1 }\n' });
  assert.equal(broken.status, 400);
  const json = JSON.parse(broken.text) as { error: string; message: string; problems: { line: number }[] };
  assert.equal(json.error, 'SCENARIO_INVALID');
  assert.equal(json.problems[0].line, 3);
  assert.match(json.message, /^line 3: /);
  const rate = await postStream('rate=0', { scenario: 'cart' });
  assert.equal(rate.status, 400);
  assert.equal((JSON.parse(rate.text) as { parameter: string }).parameter, 'rate');
  // The scenario and seed come in the body: the query may not name them.
  const seed = await postStream('seed=3', { scenario: 'cart' });
  assert.equal(seed.status, 400);
  assert.equal((JSON.parse(seed.text) as { parameter: string }).parameter, 'seed');
  const noToken = await postStream('rate=100', { scenario: 'cart' }, {});
  assert.equal(noToken.status, 401);
});
