import assert from 'node:assert/strict';
import { test } from 'node:test';
import { get, ndjson, stream } from '../helpers/http-client.js';
import { startServer } from '../helpers/serve-in-process.js';

test('with a token every endpoint but /health needs Authorization: Bearer <token>', async () => {
  const { server, base } = await startServer({ token: 's3cret-token' });
  try {
    for (const path of ['/', '/metrics', '/metrics/prometheus', '/test-stream', '/stream/interactions?count=1', '/stream/users?count=1', '/nowhere']) {
      for (const headers of [{} as Record<string, string>, { Authorization: 'Bearer wrong' }, { Authorization: 'Basic czNjcmV0LXRva2Vu' }, { Authorization: 'Bearer s3cret-token-and-more' }]) {
        const response = await get(`${base}${path}`, headers);
        assert.equal(response.status, 401, `${path} with ${JSON.stringify(headers)}`);
        assert.equal(response.headers['www-authenticate'], 'Bearer');
        assert.equal((JSON.parse(response.body) as { error: string }).error, 'UNAUTHORIZED');
      }
    }
    assert.equal((await get(`${base}/health`)).status, 200);
    const authorized = { Authorization: 'Bearer s3cret-token' };
    // What GET / says needs no token is what answers without one: /health and the page's files.
    const { exempt } = (JSON.parse((await get(`${base}/`, authorized)).body) as { auth: { exempt: string[] } }).auth;
    assert.deepEqual(exempt, ['/health', '/ui', '/ui/studio.css', '/ui/studio.js', '/ui/charts.js']);
    for (const path of exempt) assert.equal((await get(`${base}${path}`)).status, 200, path);
    assert.equal((await get(`${base}/ui/api/scenarios`)).status, 401, "the page's API needs the token");
    assert.equal((await get(`${base}/metrics`, authorized)).status, 200);
    const response = await stream(`${base}/stream/interactions?rate=1000&count=5`, { headers: authorized });
    await response.done;
    assert.equal(ndjson(response.recorder.lines).length, 5);
    // Nothing streamed to the ones without the token.
    const metrics = JSON.parse((await get(`${base}/metrics`, authorized)).body) as { streams_started: number };
    assert.equal(metrics.streams_started, 1);
  } finally {
    await server.shutdown();
  }
});

test('beyond the stream cap a request gets 429 until a stream ends', async () => {
  const { server, base } = await startServer({ maxStreams: 2 });
  try {
    const first = await stream(`${base}/stream/interactions?rate=50&duration=30`);
    const second = await stream(`${base}/stream/users?rate=50&duration=30`);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const third = await get(`${base}/stream/interactions?rate=50&duration=1`);
    assert.equal(third.status, 429);
    assert.equal(third.headers['retry-after'], '1');
    const body = JSON.parse(third.body) as { error: string; max_streams: number };
    assert.equal(body.error, 'TOO_MANY_STREAMS');
    assert.equal(body.max_streams, 2);
    // Other endpoints still answer.
    const metrics = JSON.parse((await get(`${base}/metrics`)).body) as { active_connections: number; streams_rejected: number };
    assert.equal(metrics.active_connections, 2);
    assert.equal(metrics.streams_rejected, 1);
    first.close();
    await first.done;
    for (let tries = 0; ; tries++) {
      const again = await stream(`${base}/stream/interactions?rate=1000&count=3`);
      if (again.status === 200) {
        await again.done;
        assert.equal(ndjson(again.recorder.lines).length, 3);
        break;
      }
      assert.ok(tries < 50, 'the slot of the closed stream was not freed');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    second.close();
  } finally {
    await server.shutdown();
  }
});
