/**
 * A stream its run would refuse is refused before it starts, with a client error: 400 and a
 * one-line JSON message that names the query parameter or the scenario's path and what is
 * valid, never a 200 whose stream then breaks (or a 500). Through the scenario endpoints and
 * through the page's stream of a pasted scenario, over real HTTP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ClickgenServer } from '../../src/server/server.js';
import { get, post, type Response } from '../helpers/http-client.js';
import { startServer } from '../helpers/serve-in-process.js';

let server: ClickgenServer;
let base: string;
/** Streams that failed after their response started: none may. */
const failed: string[] = [];

let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clickgen-test-'));
  const file = join(dir, 'campaign.yaml');
  writeFileSync(file, 'extends: shop\nname: campaign\ntimeline:\n  - { name: spike, from: +1m, to: +2m, rate: 3 }\n');
  ({ server, base } = await startServer({ interactionsScenario: file, onStreamError: (error) => failed.push(error.message) }));
});

after(async () => {
  await server.shutdown();
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(failed, [], 'no stream failed once started');
});

interface ErrorBody {
  error: string;
  message: string;
  parameter?: string;
  valid?: string;
}

function refused(response: Response, code: string): ErrorBody {
  assert.equal(response.status, 400, response.body);
  const body = JSON.parse(response.body) as ErrorBody;
  assert.equal(body.error, code, body.message);
  assert.ok(!body.message.includes('\n'), `one line: ${body.message}`);
  return body;
}

const pasted = (yaml: string, query = 'rate=20&duration=3'): Promise<Response> => post(`${base}/ui/api/stream?${query}`, { yaml: `extends: shop\nname: pasted\n${yaml}` });

test('a timeline window past the end of the stream: 400 naming duration and the durations that hold it', async () => {
  const body = refused(await get(`${base}/stream/interactions?rate=5&duration=30`), 'BAD_PARAMETER');
  assert.equal(body.parameter, 'duration');
  assert.match(body.valid!, /^seconds from 120 to 300: the timeline windows of campaign end 120 s after the stream's start$/);
  // Long enough, it streams; the fixed sample has no end.
  const long = await get(`${base}/stream/interactions?rate=100&duration=120&count=5`);
  assert.equal(long.status, 200, long.body);
  assert.equal(long.body.trimEnd().split('\n').length, 5);
  assert.equal((await get(`${base}/test-stream`)).status, 200);
});

test('windows no duration holds, or before the start, and ramps that overlap: 400 naming the window', async () => {
  assert.match(refused(await pasted('timeline:\n  - { from: +1s, to: +1h, rate: 3 }\n'), 'SCENARIO_INVALID').message, /end 3600 s after the stream's start, past the longest stream \(duration=300\)/);
  assert.match(refused(await pasted('timeline:\n  - { from: 2024-01-01T00:00:00Z, to: 2024-01-01T01:00:00Z, rate: 3 }\n'), 'SCENARIO_INVALID').message, /timeline\[0\]\.from: 2024-01-01T00:00:00\.000Z is before the run's start/);
  const ramps = 'timeline:\n  - { from: +1s, to: +2s, ramp: [1, 3] }\n  - { from: +1s, to: +2s, ramp: [3, 1] }\n';
  assert.match(refused(await pasted(ramps), 'SCENARIO_INVALID').message, /timeline\[1\]: a ramp overlaps the ramp timeline\[0\]/);
  assert.equal((await pasted('timeline:\n  - { from: +1s, to: +2s, rate: 3 }\n')).status, 200);
});

test("bad records the stream's format cannot show: 400 naming format and the format that can", async () => {
  const faults = 'faults: { bad_records: { share: 0.1, kinds: [wrong_delimiters] } }\n';
  const body = refused(await pasted(faults, 'rate=20&duration=3&format=ndjson'), 'BAD_PARAMETER');
  assert.equal(body.parameter, 'format');
  assert.match(body.valid!, /^csv \(faults\.bad_records\.kinds: wrong_delimiters cannot happen in ndjson/);
  const csv = await pasted(faults, 'rate=50&duration=3&count=20&format=csv');
  assert.equal(csv.status, 200, csv.body);
});

test("the issue's other bad inputs: shares outside [0, 1], an unknown fault kind, drift, an effect past 1: each 400", async () => {
  const cases: [string, RegExp][] = [
    ['faults: { duplicates: { share: 1.5 } }\n', /faults\.duplicates\.share: must be between 0 and 1/],
    ['faults: { drop: { share: -0.1 } }\n', /faults\.drop\.share: must be between 0 and 1/],
    ['faults: { bogus: 0.1 }\n', /faults: unknown fault kind "bogus"; fault kinds are/],
    ['faults: { drift: [{ at: +1s, change: remove, field: nope }] }\n', /faults\.drift\[0\]\.field: no field "nope"/],
    ['faults: { drift: [{ at: +1s, change: remove, field: page }] }\n', /faults\.drift is written by generate/],
    ['experiments:\n  e:\n    arms:\n      a: { share: 0.5, transitions: { cart: { begin_checkout: 50 } } }\n      b: { share: 0.5 }\n', /experiments\.e\.arms\.a\.transitions\.cart: the factors push the probabilities past 1/],
  ];
  for (const [yaml, message] of cases) assert.match(refused(await pasted(yaml), 'SCENARIO_INVALID').message, message, yaml);
});
