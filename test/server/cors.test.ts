import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ClickgenServer } from '../../src/server/server.js';
import { parseCors } from '../../src/server/cors.js';
import { get } from '../helpers/http-client.js';
import { startServer } from '../helpers/serve-in-process.js';
import { runInProcess } from '../helpers/cli-in-process.js';

const PAGE = 'http://localhost:5173';
let open: { server: ClickgenServer; base: string };
let closed: { server: ClickgenServer; base: string };

before(async () => {
  open = await startServer({ cors: parseCors(`${PAGE},https://dash.example.com`) });
  closed = await startServer();
});
after(() => Promise.all([open.server.shutdown(), closed.server.shutdown()]));

test('--cors: an allowed origin gets Access-Control-Allow-Origin on a stream, and its preflight is answered', async () => {
  const streamed = await get(`${open.base}/stream/interactions?rate=1000&count=3`, { Origin: PAGE });
  assert.equal(streamed.status, 200);
  assert.equal(streamed.headers['access-control-allow-origin'], PAGE);
  assert.equal(streamed.headers.vary, 'Origin');
  const preflight = await get(`${open.base}/stream/interactions`, { Origin: PAGE, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' }, 'OPTIONS');
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], PAGE);
  assert.equal(preflight.headers['access-control-allow-headers'], 'Authorization, Accept, Content-Type, Last-Event-ID');
  assert.equal(preflight.headers['access-control-allow-methods'], 'GET, POST');
});

test('--cors: another origin gets no CORS headers, so its browser refuses to read', async () => {
  const other = await get(`${open.base}/health`, { Origin: 'https://evil.example' });
  assert.equal(other.status, 200);
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  const preflight = await get(`${open.base}/stream/interactions`, { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' }, 'OPTIONS');
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], undefined);
});

test('without --cors no origin is allowed and a preflight gets 405, as before', async () => {
  const streamed = await get(`${closed.base}/stream/interactions?rate=1000&count=1`, { Origin: PAGE });
  assert.equal(streamed.headers['access-control-allow-origin'], undefined);
  const preflight = await get(`${closed.base}/stream/interactions`, { Origin: PAGE, 'Access-Control-Request-Method': 'GET' }, 'OPTIONS');
  assert.equal(preflight.status, 405);
});

test('--cors *: any origin may read', async () => {
  const any = await startServer({ cors: parseCors('*') });
  try {
    const response = await get(`${any.base}/health`, { Origin: 'https://anywhere.example' });
    assert.equal(response.headers['access-control-allow-origin'], '*');
  } finally {
    await any.server.shutdown();
  }
});

test('an SSE reconnect after the end event (Last-Event-ID: end) gets 204, which stops EventSource', async () => {
  const response = await get(`${closed.base}/stream/interactions?rate=1000&count=3`, { Accept: 'text/event-stream', 'Last-Event-ID': 'end' });
  assert.equal(response.status, 204);
  assert.equal(response.body, '');
});

test('--cors with something that is not an origin: one line, exit code 2', async () => {
  for (const [value, origin] of [
    ['https://example.com/', 'https://example.com/'],
    ['http://localhost:5173,example.com', 'example.com'],
    ['ftp://files.example', 'ftp://files.example'],
    ['', ''],
  ]) {
    const { code, stderr } = await runInProcess(['serve', '--port', '0', '--cors', value]);
    assert.equal(code, 2, value);
    assert.equal(stderr, `clickgen: --cors ${value}: "${origin}" is not an origin; give scheme://host[:port] without a path (https://example.com, http://localhost:5173), a comma-separated list, or *\n`);
  }
});
