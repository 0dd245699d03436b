/**
 * shop-snowplow's payloads against the Snowplow tracker protocol and the e-commerce schemas.
 * No registry package ships the Iglu schemas, so the rules are those of the vendor's pages:
 * https://docs.snowplow.io/docs/events/going-deeper/event-parameters (every parameter a
 * string; e=pv|se|ue and what each needs) and the e-commerce entities' required properties
 * (https://docs.snowplow.io/docs/sources/web-trackers/tracking-events/ecommerce/).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBytes, parseLines, TEST_START } from '../helpers/generate.js';

const IGLU = /^iglu:[a-zA-Z0-9_.-]+\/[a-zA-Z0-9_-]+\/jsonschema\/[1-9][0-9]*-[0-9]+-[0-9]+$/;
/** Required properties of each self-describing JSON the payloads use, by schema. */
const REQUIRED: Record<string, readonly string[]> = {
  'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0': ['schema', 'data'],
  'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0': [],
  'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0': ['id'],
  'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2': ['type'],
  'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0': ['id', 'category', 'currency', 'price'],
  'iglu:com.snowplowanalytics.snowplow.ecommerce/cart/jsonschema/1-0-0': ['total_value', 'currency'],
  'iglu:com.snowplowanalytics.snowplow.ecommerce/checkout_step/jsonschema/1-0-0': ['step'],
  'iglu:com.snowplowanalytics.snowplow.ecommerce/transaction/jsonschema/1-0-0': ['transaction_id', 'revenue', 'currency', 'payment_method'],
  'iglu:com.snowplowanalytics.snowplow.ecommerce/user/jsonschema/1-0-0': ['id'],
};
const ACTIONS = new Set(['add_to_cart', 'remove_from_cart', 'product_view', 'list_click', 'list_view', 'promo_click', 'promo_view', 'checkout_step', 'transaction', 'refund', 'trns_error']);

interface SelfDescribing {
  schema: string;
  data: unknown;
}

function checkSelfDescribing(json: SelfDescribing, where: string): void {
  assert.match(json.schema, IGLU, where);
  const required = REQUIRED[json.schema];
  assert.ok(required !== undefined, `${where}: ${json.schema} is not a schema this test knows`);
  for (const key of required) assert.ok(Object.hasOwn(json.data as object, key), `${where}: ${json.schema} needs ${key}`);
}

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

test('shop-snowplow: self-describing events and contexts are self-describing JSON with the e-commerce schemas\' required properties', () => {
  const seen = new Set<string>();
  for (const payload of plain) {
    const contexts = JSON.parse(payload.co as string) as { schema: string; data: SelfDescribing[] };
    checkSelfDescribing(contexts, 'co');
    for (const entity of contexts.data) {
      checkSelfDescribing(entity, 'co entity');
      seen.add(entity.schema);
    }
    if (payload.ue_pr === undefined) continue;
    const event = JSON.parse(payload.ue_pr as string) as { schema: string; data: SelfDescribing };
    checkSelfDescribing(event, 'ue_pr');
    checkSelfDescribing(event.data, 'ue_pr event');
    const action = (event.data.data as { type: string }).type;
    assert.ok(ACTIONS.has(action), action);
    seen.add(`action ${action}`);
  }
  // Every entity and action the vocabulary writes turns up in six hours of traffic.
  for (const expected of ['action product_view', 'action add_to_cart', 'action remove_from_cart', 'action checkout_step', 'action transaction']) assert.ok(seen.has(expected), expected);
  assert.equal([...seen].filter((s) => s.startsWith('iglu:')).length, 6);
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
