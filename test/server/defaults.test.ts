import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVE_DEFAULTS } from '../../src/cli/serve-defaults.js';
import { get, ndjson, stream } from '../helpers/http-client.js';
import { startServer } from '../helpers/serve-in-process.js';

test('the default scenarios serve the seed system: interactions, user profiles and its metrics', async () => {
  const { server, base } = await startServer({ interactionsScenario: SERVE_DEFAULTS.scenario, usersScenario: SERVE_DEFAULTS.usersScenario });
  try {
    const interactions = await stream(`${base}/stream/interactions?rate=1000&count=50`);
    await interactions.done;
    for (const event of ndjson(interactions.recorder.lines)) {
      assert.ok(['view', 'click', 'add_to_cart', 'purchase', 'wishlist'].includes(event.interaction_type as string), String(event.interaction_type));
      assert.match(event.user_id as string, /^user_\d+$/);
    }
    const users = await stream(`${base}/stream/users?rate=1000&count=20`);
    await users.done;
    const profiles = ndjson(users.recorder.lines);
    assert.equal(profiles.length, 20);
    for (const profile of profiles) assert.ok(['casual', 'regular', 'power', 'premium'].includes(profile.user_segment as string));
    const metrics = JSON.parse((await get(`${base}/metrics`)).body) as { cached_users: number; cached_products: number; initialized: boolean };
    assert.ok(metrics.cached_users > 0 && metrics.cached_products > 0, JSON.stringify(metrics));
    assert.equal(metrics.initialized, true);
  } finally {
    await server.shutdown();
  }
});
