/**
 * A served stream follows its scenario's timeline: a window that triples the rate holds three
 * times the events per second of the stream around it, over real HTTP, timed by the records'
 * own timestamps (the stream's clock is the wall clock).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ClickgenServer } from '../../src/server/server.js';
import { post } from '../helpers/http-client.js';
import { startServer } from '../helpers/serve-in-process.js';

let server: ClickgenServer;
let base: string;

before(async () => {
  ({ server, base } = await startServer({}));
});

after(async () => {
  await server.shutdown();
});

test('a pasted scenario with a spike from +2s to +4s streams three times the rate inside the window', async () => {
  const yaml = 'extends: shop\nname: spike\ntimeline:\n  - { name: spike, from: +2s, to: +4s, rate: 3 }\n';
  const response = await post(`${base}/ui/api/stream?rate=200&duration=6`, { yaml });
  assert.equal(response.status, 200, response.body);
  const seconds = response.body.trim().split('\n').map((line) => Date.parse((JSON.parse(line) as { timestamp: string }).timestamp));
  const first = Math.min(...seconds);
  const perSecond = new Array<number>(6).fill(0);
  for (const at of seconds) {
    const second = Math.floor((at - first) / 1000);
    if (second < 6) perSecond[second]++;
  }
  // Whole seconds 0-1 and 4-5 are outside the window, 2-3 inside. At 200 events/s a second
  // holds 200 ± 5 % (the rate is exact over the stream; the tolerance covers where its first
  // event falls within a wall-clock second, which moves the seconds' edges).
  const outside = [perSecond[1], perSecond[4]];
  const inside = [perSecond[2], perSecond[3]];
  for (const count of outside) assert.ok(Math.abs(count - 200) <= 10, `outside the window: ${perSecond.join(', ')}`);
  for (const count of inside) assert.ok(Math.abs(count - 600) <= 30, `inside the window: ${perSecond.join(', ')}`);
});
