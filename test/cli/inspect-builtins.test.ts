import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InspectReport } from '../../src/inspect/report.js';
import { builtinNames, loadScenario } from '../../src/scenario/load.js';
import { runInProcess } from '../helpers/cli-in-process.js';

// `clickgen inspect` on what every built-in scenario writes, with no flags: the commands
// `generate -n 2000 --start 2024-01-01 -s NAME -o x.ndjson && inspect x.ndjson`.
const dir = mkdtempSync(join(tmpdir(), 'clickgen-inspect-builtins-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Shop's purchase in the words of each vocabulary (docs/standard-schemas.md): these scenarios have no answer key of their own. */
const VOCABULARY_PURCHASE: Readonly<Record<string, string>> = {
  'shop-ga4': 'purchase',
  'shop-segment': 'Order Completed',
  'shop-snowplow': 'transaction',
  'shop-snowplow-enriched': 'transaction',
};
/** Scenarios that write no events: ecommerce-users writes one profile per user, with no event type to read. */
const NOT_EVENTS = new Set(['ecommerce-users']);

async function generated(scenario: string, args: string[]): Promise<string> {
  const file = join(dir, `${scenario}-${args.join('')}.ndjson`);
  const result = await runInProcess(['generate', '-s', scenario, '--start', '2024-01-01', '-q', '-o', file, ...args]);
  assert.equal(result.code, 0, result.stderr);
  return file;
}

async function inspected(file: string): Promise<InspectReport> {
  const result = await runInProcess(['inspect', file, '--json']);
  assert.equal(result.code, 0, `${file}: ${result.stderr}`);
  return JSON.parse(result.stdout) as InspectReport;
}

test('every built-in scenario: inspect finds the event type and counts the purchases without flags', async () => {
  const names = builtinNames();
  assert.ok(names.length >= 11, names.join(', '));
  for (const name of names) {
    const file = await generated(name, ['-n', '2000']);
    if (NOT_EVENTS.has(name)) {
      const refused = await runInProcess(['inspect', file]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /^clickgen: .*:1: has no event type; name its field with --type-field \(tried [^\n]*\)\n$/);
      continue;
    }
    const purchase = loadScenario(name).scenario.answer_key?.purchases?.event ?? VOCABULARY_PURCHASE[name];
    assert.ok(purchase !== undefined, `${name}: neither an answer key nor a vocabulary says which event is a purchase; add it above`);
    const r = await inspected(file);
    assert.equal(r.events, 2000, name);
    assert.notEqual(r.input.fields.type, null, `${name}: no event type field`);
    const purchases = r.events_by_type[purchase] ?? 0;
    assert.ok(purchases > 0, `${name}: no ${purchase} among ${JSON.stringify(r.events_by_type)} (type from ${r.input.fields.type})`);
    assert.equal(r.orders.count, purchases, `${name}: ${purchase} events are the purchases`);
    assert.ok(r.funnel.at(-1)!.sessions > 0 && r.conversion_rate > 0, `${name}: sessions that buy`);
  }
});

test('shop in the GA4, Segment and Snowplow vocabularies measures as shop: the same sessions, visitors, funnel, orders, products and bounce rate', async () => {
  const window = ['--duration', '3h'];
  const shop = await inspected(await generated('shop', window));
  assert.ok(shop.orders.count > 0 && shop.orders.value !== null && shop.products !== null, 'the window holds orders with values and product views');
  for (const name of Object.keys(VOCABULARY_PURCHASE)) {
    const r = await inspected(await generated(name, window));
    assert.deepEqual(
      [r.sessions.count, r.users.count, r.users.returning_share, r.orders.count, r.search.session_share],
      [shop.sessions.count, shop.users.count, shop.users.returning_share, shop.orders.count, shop.search.session_share],
      `${name}: sessions, users, returning share, orders, search share`,
    );
    // Snowplow's checkout_step is the cart page at step 1 and the checkout from step 2: only the second is a checkout.
    assert.deepEqual(r.funnel, shop.funnel, `${name}: funnel`);
    // Units (purchased_per_added_unit) are each vocabulary's own quantity fields; sessions and events are shop's.
    const cart = (c: InspectReport['cart']): unknown[] => [c.add_to_cart_rate, c.abandonment_rate, c.checkout_rate, c.checkout_completion, c.removes_per_add, c.purchases_per_add];
    assert.deepEqual(cart(r.cart), cart(shop.cart), `${name}: cart measures`);
    assert.deepEqual(r.orders.value, shop.orders.value, `${name}: order values`);
    assert.deepEqual([r.products?.distinct, r.products?.views], [shop.products?.distinct, shop.products?.views], `${name}: products viewed`);
    // GA4's session_start and first_visit and Segment's identify mark a session: a one-page visit is still a bounce.
    assert.equal(r.bounce_rate, shop.bounce_rate, `${name}: bounce rate`);
  }
});
