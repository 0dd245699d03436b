/**
 * shop-snowplow's payloads against the Snowplow tracker protocol and the Iglu schemas of the
 * events and entities they carry: https://docs.snowplow.io/docs/events/going-deeper/event-parameters
 * (every parameter a string; e=pv|se|ue and what each needs), and each schema's rules
 * (test/fixtures/snowplow/iglu-rules.ts, as the published schemas state them).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSelfDescribing, type SelfDescribing } from '../fixtures/snowplow/validate.js';
import { generateBytes, parseLines, TEST_START } from '../helpers/generate.js';

const ACTIONS = new Set(['add_to_cart', 'remove_from_cart', 'product_view', 'checkout_step', 'transaction']);

const run = async (set: string[] = []): Promise<Record<string, unknown>[]> => parseLines((await generateBytes('shop-snowplow', { seed: 4, end: TEST_START + 6 * 3_600_000, set })).bytes);
const plain = await run();

test('shop-snowplow: every parameter is a string, and each event has what its type needs', () => {
  const types = new Set<string>();
  for (const payload of plain) {
    for (const [key, value] of Object.entries(payload)) assert.equal(typeof value, 'string', `${key} of ${JSON.stringify(payload).slice(0, 120)}`);
    for (const key of ['e', 'eid', 'tv', 'p', 'dtm', 'url', 'duid', 'sid', 'vid']) assert.ok(Object.hasOwn(payload, key), `${key} missing`);
    types.add(payload.e as string);
    if (payload.e === 'se') for (const key of ['se_ca', 'se_ac']) assert.ok(Object.hasOwn(payload, key));
    if (payload.e === 'ue') assert.ok(Object.hasOwn(payload, 'ue_pr'));
    if (payload.e === 'pv') assert.ok(!Object.hasOwn(payload, 'ue_pr'));
  }
  assert.deepEqual([...types].sort(), ['pv', 'se', 'ue']);
});

test('shop-snowplow: self-describing events and contexts follow their Iglu schemas', () => {
  const seen = new Set<string>();
  const actions = new Set<string>();
  for (const payload of plain) {
    checkSelfDescribing(JSON.parse(payload.co as string) as SelfDescribing, 'co', seen);
    if (payload.ue_pr === undefined) continue;
    const event = JSON.parse(payload.ue_pr as string) as { data: { data: { type: string } } } & SelfDescribing;
    checkSelfDescribing(event, 'ue_pr', seen);
    actions.add(event.data.data.type);
  }
  // Every entity and action the vocabulary writes turns up in six hours of traffic.
  assert.deepEqual([...actions].sort(), [...ACTIONS].sort());
  assert.equal(seen.size, 9, [...seen].join(', '));
});

test('shop-snowplow with snowplow_base64: cx and ue_px are base64url of the same JSON as co and ue_pr', async () => {
  const encoded = await run(['session.vars.snowplow_base64=true']);
  assert.equal(encoded.length, plain.length);
  for (let i = 0; i < plain.length; i++) {
    const { co, ue_pr: uePr, ...rest } = plain[i];
    const { cx, ue_px: uePx, ...restEncoded } = encoded[i];
    assert.deepEqual(restEncoded, rest);
    assert.match(cx as string, /^[A-Za-z0-9_-]+$/);
    assert.equal(Buffer.from(cx as string, 'base64url').toString('utf8'), co);
    assert.equal(uePx === undefined ? undefined : Buffer.from(uePx as string, 'base64url').toString('utf8'), uePr);
  }
});
