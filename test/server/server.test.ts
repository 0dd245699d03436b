import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ClickgenServer } from '../../src/server/server.js';
import { get, ndjson, stream } from '../helpers/http-client.js';
import { startServer } from '../helpers/serve-in-process.js';

const USERS = fileURLToPath(new URL('../fixtures/user-profiles.yaml', import.meta.url));
let server: ClickgenServer;
let base: string;

before(async () => {
  ({ server, base } = await startServer({ usersScenario: USERS }));
});
after(() => server.shutdown());

test('/stream/interactions streams NDJSON that parses line by line, in time order', async () => {
  const response = await stream(`${base}/stream/interactions?rate=500&count=200`);
  await response.done;
  assert.equal(response.status, 200);
  assert.equal(response.headers['content-type'], 'application/x-ndjson');
  assert.equal(response.recorder.rest, '', 'ends with a whole record');
  const events = ndjson(response.recorder.lines);
  assert.equal(events.length, 200);
  for (const event of events) assert.equal(typeof event.event_type, 'string');
  const times = events.map((e) => Date.parse(`${e.__time as string}Z`));
  assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]));
  // 200 events at 500/s take about 0.4 s of wall time, stamped accordingly.
  const span = times.at(-1)! - times[0];
  assert.ok(span >= 390 && span <= 400, `stamps span ${span} ms`);
});

test('with Accept: text/event-stream each record is a Server-Sent Event, and the stream ends with an end event', async () => {
  const response = await stream(`${base}/stream/interactions?rate=1000&count=25`, { headers: { Accept: 'text/event-stream' } });
  await response.done;
  assert.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8');
  const messages = response.recorder.lines.map((l) => l.text).join('\n').split('\n\n').filter((m) => m !== '');
  const data = messages.filter((m) => m.startsWith('data: ')).map((m) => JSON.parse(m.slice(6)) as Record<string, unknown>);
  assert.equal(data.length, 25);
  for (const event of data) assert.equal(typeof event.session_id, 'string');
  assert.equal(messages[0], 'retry: 5000', 'the reconnect wait comes first');
  const end = messages.at(-1)!;
  assert.match(end, /^id: end\nevent: end\ndata: /);
  assert.deepEqual(JSON.parse(end.split('\n')[2].slice(6)), { events: 25, ended: 'complete' });
});

test('format=csv writes a header and one row per event', async () => {
  const response = await stream(`${base}/stream/interactions?rate=1000&count=10&format=csv`);
  await response.done;
  assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
  const [header, ...rows] = response.recorder.lines.map((l) => l.text);
  assert.match(header, /^__time,user_id,event_type,/);
  assert.equal(rows.length, 10);
});

test('rate=2000&duration=5 delivers 10,000 events ± 3 %', async () => {
  const response = await stream(`${base}/stream/interactions?rate=2000&duration=5`);
  await response.done;
  const n = ndjson(response.recorder.lines).length;
  assert.ok(Math.abs(n - 10_000) <= 300, `${n} events`);
});

test('count caps the stream', async () => {
  const response = await stream(`${base}/stream/interactions?rate=5000&duration=60&count=1234`);
  await response.done;
  assert.equal(ndjson(response.recorder.lines).length, 1234);
});

test('/stream/users streams the users scenario', async () => {
  const response = await stream(`${base}/stream/users?rate=200&count=20`);
  await response.done;
  const records = ndjson(response.recorder.lines);
  assert.equal(records.length, 20);
  for (const record of records) {
    assert.equal(record.record_type, 'user_profile');
    assert.ok(['casual', 'regular', 'power', 'premium'].includes(record.tier as string));
  }
});

test('seed= chooses the data: the same seed gives the same events, another seed others', async () => {
  const body = async (query: string): Promise<string[]> => {
    const response = await stream(`${base}/stream/interactions?rate=5000&count=50&${query}`);
    await response.done;
    // Stamps are wall-clock times; everything else is the seed's.
    return ndjson(response.recorder.lines).map(({ __time: _, ...rest }) => JSON.stringify(rest));
  };
  const [a, b, c] = [await body('seed=7'), await body('seed=7'), await body('seed=8')];
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('each bad parameter gets 400 with a JSON body naming it and its valid values', async () => {
  const cases: [string, string][] = [
    ['rate=0', 'rate'],
    ['rate=50001', 'rate'],
    ['rate=fast', 'rate'],
    ['rate=-5', 'rate'],
    ['duration=0', 'duration'],
    ['duration=301', 'duration'],
    ['duration=1e3', 'duration'],
    ['count=0', 'count'],
    ['count=1.5', 'count'],
    ['count=-1', 'count'],
    ['seed=abc', 'seed'],
    ['format=xml', 'format'],
    ['scenario=../../etc/passwd', 'scenario'],
    ['scenario=no-such-shop', 'scenario'],
    ['rate=10&rate=20', 'rate'],
    ['speed=10', 'speed'],
  ];
  for (const [query, parameter] of cases) {
    const response = await get(`${base}/stream/interactions?${query}`);
    assert.equal(response.status, 400, query);
    assert.match(response.headers['content-type']!, /^application\/json/);
    const body = JSON.parse(response.body) as { error: string; parameter: string; valid: string; message: string };
    assert.equal(body.error, 'BAD_PARAMETER', query);
    assert.equal(body.parameter, parameter, query);
    assert.ok(body.valid.length > 0 && body.message.startsWith(parameter === 'speed' ? 'speed: ' : `${parameter}=`), query);
  }
  const count = JSON.parse((await get(`${base}/stream/interactions?count=0`)).body) as { message: string };
  assert.equal(count.message, 'count=0: must be a positive integer, the events to stop after (default: no cap)');
  const unknown = JSON.parse((await get(`${base}/stream/interactions?rat=10`)).body) as { message: string };
  assert.equal(unknown.message, 'rat: not a parameter of this endpoint (did you mean "rate"?); it takes rate, duration, count, scenario, seed, format');
  const rate = JSON.parse((await get(`${base}/stream/interactions?rate=0`)).body) as { valid: string };
  assert.match(rate.valid, /1 to 50000/);
  const duration = JSON.parse((await get(`${base}/stream/users?duration=999`)).body) as { valid: string };
  assert.match(duration.valid, /1 to 300/);
});

test('/test-stream is a short fixed sample: the same bytes on every call', async () => {
  const [a, b] = [await get(`${base}/test-stream`), await get(`${base}/test-stream`)];
  assert.equal(a.status, 200);
  assert.equal(a.body, b.body);
  assert.equal(a.body.trimEnd().split('\n').length, 10);
  const fixed = await get(`${base}/test-stream?rate=5`);
  assert.equal(fixed.status, 400);
  assert.match((JSON.parse(fixed.body) as { message: string }).message, /^rate: not a parameter of this endpoint; it takes \w/);
});

test('/, /health, /metrics and /metrics/prometheus describe the server', async () => {
  const info = JSON.parse((await get(`${base}/`)).body) as { endpoints: { path: string }[]; limits: { rate: { max: number }; duration: { max: number } }; version: string };
  assert.deepEqual(
    info.endpoints.map((e) => e.path),
    ['/stream/interactions', '/stream/users', '/test-stream', '/metrics', '/metrics/prometheus', '/ui', '/health', '/'],
  );
  assert.equal(info.limits.rate.max, 50_000);
  assert.equal(info.limits.duration.max, 300);
  assert.match(info.version, /^\d+\.\d+\.\d+/);

  const health = await get(`${base}/health`);
  assert.equal(health.status, 200);
  assert.equal((JSON.parse(health.body) as { status: string }).status, 'ok');

  const open = await stream(`${base}/stream/interactions?rate=100&duration=30`);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const metrics = JSON.parse((await get(`${base}/metrics`)).body) as Record<string, unknown> & { streams: Record<string, unknown>[] };
  for (const field of ['cached_users', 'cached_products', 'initialized', 'uptime_seconds', 'active_connections', 'events_sent', 'bytes_sent']) {
    assert.ok(field in metrics, field);
  }
  assert.equal(metrics.initialized, true);
  assert.equal(metrics.cached_users, 4000);
  assert.equal(metrics.active_connections, 1);
  assert.ok((metrics.events_sent as number) > 0);
  const [one] = metrics.streams;
  assert.equal(one.path, '/stream/interactions');
  assert.equal(one.target_rate, 100);
  assert.ok(Math.abs((one.achieved_rate as number) - 100) < 25, `achieved ${String(one.achieved_rate)}`);

  const prometheus = await get(`${base}/metrics/prometheus`);
  assert.match(prometheus.headers['content-type']!, /^text\/plain/);
  assert.match(prometheus.body, /^clickgen_active_streams 1$/m);
  assert.match(prometheus.body, /^clickgen_stream_target_rate\{stream="\d+",path="\/stream\/interactions",scenario="gift-shop"\} 100$/m);
  assert.match(prometheus.body, /^clickgen_events_sent_total \d+$/m);
  open.close();
});

test('unknown paths get 404 and other methods 405, without reading the body', async () => {
  const missing = await get(`${base}/stream/everything`);
  assert.equal(missing.status, 404);
  assert.equal((JSON.parse(missing.body) as { error: string }).error, 'NOT_FOUND');
  const post = await get(`${base}/stream/interactions`, { 'Content-Type': 'application/json' }, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET');
});

test('a client that disconnects ends its stream at once', async () => {
  const response = await stream(`${base}/stream/interactions?rate=100&duration=60`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((JSON.parse((await get(`${base}/metrics`)).body) as { active_connections: number }).active_connections, 1);
  response.close();
  const began = Date.now();
  for (;;) {
    const metrics = JSON.parse((await get(`${base}/metrics`)).body) as { active_connections: number };
    if (metrics.active_connections === 0) break;
    assert.ok(Date.now() - began < 500, 'the stream outlived its client');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
