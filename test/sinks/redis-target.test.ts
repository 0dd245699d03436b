import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { describeRedisTarget, parseRedisTarget, redact, REDIS_MODES, type RedisTarget } from '../../src/sinks/redis-target.js';

const noEnv = { defaults: {}, env: {} };
const parse = (target: string, env: Record<string, string | undefined> = {}, key?: string): RedisTarget =>
  parseRedisTarget(target, { defaults: key === undefined ? {} : { key }, env });

function usageError(target: string, pattern: RegExp, env: Record<string, string | undefined> = {}): void {
  assert.throws(
    () => parse(target, env),
    (error: unknown) => {
      assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
      assert.equal(error.code, 'BAD_TARGET');
      assert.equal(error.exitCode, 2);
      assert.match(error.message, pattern);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    },
  );
}

void test('a full target parses into its parts', () => {
  assert.deepEqual(
    { ...parse('redis://:s%40cret@cache.internal:6380/2?mode=stream&key=travel:{event_type}&maxlen=100000&fields=flat') },
    {
      tls: false,
      host: 'cache.internal',
      port: 6380,
      username: undefined,
      password: 's@cret',
      db: 2,
      mode: 'stream',
      key: 'travel:{event_type}',
      maxlen: 100000,
      fields: 'flat',
    },
  );
});

void test('defaults: stream mode, one key per event type, json fields, port 6379, database 0', () => {
  const target = parse('redis://127.0.0.1');
  assert.equal(target.mode, 'stream');
  assert.equal(target.key, '{event_type}_events');
  assert.equal(target.fields, 'json');
  assert.equal(target.port, 6379);
  assert.equal(target.db, 0);
  assert.equal(target.maxlen, undefined);
  assert.equal(target.password, undefined);
});

void test('rediss: means TLS; IPv6 hosts are written in brackets; user names are read', () => {
  const target = parse('rediss://app:pw@[::1]:7000?mode=pubsub');
  assert.equal(target.tls, true);
  assert.equal(target.host, '::1');
  assert.equal(target.port, 7000);
  assert.equal(target.username, 'app');
  assert.equal(target.password, 'pw');
  assert.equal(describeRedisTarget(target), 'rediss [::1]:7000 pubsub {event_type}_events');
});

void test('the scenario default key is used unless the target names one', () => {
  assert.equal(parse('redis://h', {}, '{session_id}').key, '{session_id}');
  assert.equal(parse('redis://h?key=all', {}, '{session_id}').key, 'all');
});

void test('a target without a host takes REDIS_HOST and REDIS_PORT, else localhost:6379', () => {
  for (const bare of ['redis:', 'redis://', 'redis://?mode=list', 'redis:?mode=list']) {
    const target = parse(bare, { REDIS_HOST: 'redis.svc', REDIS_PORT: '6390' });
    assert.equal(target.host, 'redis.svc', bare);
    assert.equal(target.port, 6390, bare);
    assert.deepEqual([parse(bare).host, parse(bare).port], ['localhost', 6379], bare);
  }
  assert.equal(parse('redis://?mode=list', { REDIS_HOST: 'h' }).mode, 'list');
});

void test('REDIS_URL wins over REDIS_HOST/REDIS_PORT and supplies password and database', () => {
  const target = parse('redis://', { REDIS_URL: 'rediss://:pw@primary:6400/4', REDIS_HOST: 'other', REDIS_PORT: '1' });
  assert.deepEqual([target.tls, target.host, target.port, target.password, target.db], [true, 'primary', 6400, 'pw', 4]);
  // What the target itself says still counts.
  const own = parse('redis://:mine@/1?mode=list', { REDIS_URL: 'redis://:theirs@primary/4' });
  assert.deepEqual([own.host, own.password, own.db, own.mode], ['primary', 'mine', 1, 'list']);
});

void test('a target with a host ignores the environment', () => {
  const target = parse('redis://10.0.0.5:7001', { REDIS_URL: 'redis://elsewhere:1', REDIS_HOST: 'x', REDIS_PORT: '2' });
  assert.deepEqual([target.host, target.port], ['10.0.0.5', 7001]);
});

void test('bad parameters name the parameter and the valid values', () => {
  usageError('redis://h?mode=queue', /mode 'queue' is not valid; use one of: stream, pubsub, list/);
  usageError('redis://h?fields=csv', /fields 'csv' is not valid; use one of: json, flat/);
  usageError('redis://h?maxlen=1.5', /maxlen '1\.5' is not valid; use an integer from 1 to/);
  usageError('redis://h?maxlen=abc', /maxlen 'abc'.*integer/);
  usageError('redis://h?maxlen=0', /maxlen '0'.*integer from 1/);
  usageError('redis://h?maxlen=-5', /maxlen '-5'/);
  usageError('redis://h?maxlen=', /maxlen ''/);
  usageError('redis://h?mode=pubsub&maxlen=10', /maxlen applies only to mode=stream/);
  usageError('redis://h?mode=list&fields=flat', /fields=flat applies only to mode=stream/);
  usageError('redis://h?topic=x', /unknown parameter 'topic'; valid parameters: mode, key, maxlen, fields/);
  usageError('redis://h?mode=list&mode=stream', /parameter 'mode' is given more than once/);
  usageError('redis://h?key=', /key is empty/);
  usageError('redis://h?key={event_type', /key '\{event_type' has unbalanced or empty braces/);
  usageError('redis://h?key={}x', /unbalanced or empty braces/);
});

void test('bad connection parts say what is valid', () => {
  usageError('redis://h:99999', /port '99999' is not valid; use an integer from 1 to 65535/);
  usageError('redis://h:abc', /port 'abc'/);
  usageError('redis://h:0', /port '0'/);
  usageError('redis://h/db1', /database 'db1' is not valid/);
  usageError('redis://::1:6379', /IPv6 address in brackets/);
  usageError('redis://:6379', /a port needs a host/);
  usageError('redis://:%zz@h', /password is not valid percent-encoding/);
  usageError('http://h:6379', /expected redis:\/\/\[:PASSWORD@\]HOST:PORT/);
  usageError('redis:/h', /expected redis:\/\//);
  usageError('redis://', /REDIS_PORT 'x' is not valid/, { REDIS_PORT: 'x' });
  usageError('redis://', /REDIS_URL .*no query parameters/, { REDIS_URL: 'redis://h?mode=list' });
  usageError('redis://', /REDIS_URL 'redis:\/\/:\*\*\*@\/2': names no host/, { REDIS_URL: 'redis://:pw@/2' });
});

void test('messages never show the password', () => {
  usageError('redis://:hunter2@h?mode=nope', /redis target 'redis:\/\/:\*\*\*@h\?mode=nope'/);
  assert.equal(redact('rediss://user:p%40ss@h:1/0'), 'rediss://user:***@h:1/0');
  assert.equal(redact('redis://h:1'), 'redis://h:1');
  // An unencoded '@' in a password: the last '@' ends it, for parsing and for hiding it.
  assert.equal(redact('redis://:p@ss@h:1'), 'redis://:***@h:1');
  assert.deepEqual([parse('redis://:p@ss@h:1').password, parse('redis://:p@ss@h:1').host], ['p@ss', 'h']);
});

// Builds targets from parts and checks that parsing gives the parts back.
const hostArb = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map((address) => `[${address}]`),
);
const templateArb = fc.oneof(
  fc.constant('{event_type}_events'),
  fc.array(fc.oneof(fc.stringMatching(/^[a-z_:.-]{1,8}$/), fc.stringMatching(/^\{[a-z_.]{1,10}\}$/)), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
);
const partsArb = fc.record({
  tls: fc.boolean(),
  host: hostArb,
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  password: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
  db: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
  mode: fc.constantFrom(...REDIS_MODES),
  key: fc.option(templateArb, { nil: undefined }),
  maxlen: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }),
  flat: fc.boolean(),
});

void test('property: any well-formed target parses back to its parts', () => {
  fc.assert(
    fc.property(partsArb, (parts) => {
      const stream = parts.mode === 'stream';
      const query = new URLSearchParams();
      query.set('mode', parts.mode);
      if (parts.key !== undefined) query.set('key', parts.key);
      if (stream && parts.maxlen !== undefined) query.set('maxlen', String(parts.maxlen));
      if (stream && parts.flat) query.set('fields', 'flat');
      const auth = parts.password === undefined ? '' : `:${encodeURIComponent(parts.password)}@`;
      const port = parts.port === undefined ? '' : `:${parts.port}`;
      const db = parts.db === undefined ? '' : `/${parts.db}`;
      const text = `${parts.tls ? 'rediss' : 'redis'}://${auth}${parts.host}${port}${db}?${query.toString()}`;

      const target = parseRedisTarget(text, noEnv);
      assert.equal(target.tls, parts.tls);
      assert.equal(target.host, parts.host.replace(/^\[(.*)\]$/, '$1'));
      assert.equal(target.port, parts.port ?? 6379);
      assert.equal(target.password, parts.password);
      assert.equal(target.db, parts.db ?? 0);
      assert.equal(target.mode, parts.mode);
      assert.equal(target.key, parts.key ?? '{event_type}_events');
      assert.equal(target.maxlen, stream ? parts.maxlen : undefined);
      assert.equal(target.fields, stream && parts.flat ? 'flat' : 'json');
      if (parts.password !== undefined && parts.password.length > 3) {
        assert.ok(!describeRedisTarget(target).includes(parts.password));
      }
    }),
    { numRuns: 500 },
  );
});

void test('property: any string either parses or fails with one BAD_TARGET line', () => {
  const candidate = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ maxLength: 40 }).map((rest) => `redis://${rest}`),
    fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })).map(([a, b, c]) => `redis://${a}:${b}?${c}`),
  );
  fc.assert(
    fc.property(candidate, fc.string({ maxLength: 10 }), (text, port) => {
      try {
        const target = parseRedisTarget(text, { defaults: {}, env: { REDIS_PORT: port } });
        assert.ok(Number.isInteger(target.port) && target.port >= 1 && target.port <= 65535);
        assert.ok((REDIS_MODES as readonly string[]).includes(target.mode));
      } catch (error) {
        assert.ok(error instanceof UsageError, `not a UsageError: ${String(error)}`);
        assert.equal(error.code, 'BAD_TARGET');
        assert.ok(!error.message.includes('\n'));
      }
    }),
    { numRuns: 2000 },
  );
});

void test('property: a password never appears in an error message', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9]{6,16}$/), fc.string({ maxLength: 12 }), (secret, junk) => {
      try {
        parseRedisTarget(`redis://user:${secret}@host:${junk}?mode=${junk}`, noEnv);
      } catch (error) {
        assert.ok(error instanceof UsageError);
        // Junk that holds the secret is quoted back as the junk it is: only the password must not show.
        if (!junk.includes(secret)) assert.ok(!error.message.includes(secret), error.message);
      }
    }),
    { numRuns: 500 },
  );
});
