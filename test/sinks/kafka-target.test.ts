import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { COMPRESSIONS, parseKafkaTarget, describeKafkaTarget, kafkaDefaultsFrom } from '../../src/sinks/kafka-target.js';

const noDefaults = {};
const noEnv = {};

function usageError(run: () => unknown, ...mentions: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.equal(error.code, 'BAD_TARGET');
    assert.ok(!error.message.includes('\n'), 'one line');
    for (const mention of mentions) assert.ok(error.message.includes(mention), `"${error.message}" should mention "${mention}"`);
    return true;
  });
}

test('a full target parses into every setting', () => {
  const target = parseKafkaTarget(
    'kafka://b1:9092,b2:9093,[::1]:9094/clicks?key=session_id&compression=zstd&acks=all&partitions=12&replication=3&linger=20&batch=65536&idempotent=true&connect_timeout=5000&delivery_timeout=60000',
    noDefaults,
    noEnv,
  );
  assert.deepEqual(target.brokers, [
    { host: 'b1', port: 9092 },
    { host: 'b2', port: 9093 },
    { host: '::1', port: 9094 },
  ]);
  assert.equal(target.topic, 'clicks');
  assert.equal(target.keyField, 'session_id');
  assert.equal(target.compression, 'zstd');
  assert.equal(target.acks, -1);
  assert.equal(target.partitions, 12);
  assert.equal(target.replication, 3);
  assert.equal(target.lingerMs, 20);
  assert.equal(target.batchBytes, 65536);
  assert.equal(target.idempotent, true);
  assert.equal(target.connectTimeoutMs, 5000);
  assert.equal(target.deliveryTimeoutMs, 60000);
  assert.equal(describeKafkaTarget(target), 'b1:9092,b2:9093,[::1]:9094/clicks');
  assert.ok(Object.isFrozen(target));
});

test('defaults: lz4, acks=all, idempotent, 30 s connect timeout, topic/key/partitions from the scenario', () => {
  const target = parseKafkaTarget('kafka://localhost:9092/', { topic: 'user-events', key: 'session_id', partitions: 12 }, noEnv);
  assert.equal(target.topic, 'user-events');
  assert.equal(target.keyField, 'session_id');
  assert.equal(target.partitions, 12);
  assert.equal(target.compression, 'lz4');
  assert.equal(target.acks, -1);
  assert.equal(target.idempotent, true);
  assert.equal(target.connectTimeoutMs, 30_000);
  assert.equal(target.replication, 1);
  assert.equal(target.tls, false);
  assert.equal(target.sasl, undefined);
});

test('without servers in the URL they come from KAFKA_BOOTSTRAP_SERVERS, else localhost:9092', () => {
  assert.deepEqual(parseKafkaTarget('kafka:///t', noDefaults, noEnv).brokers, [{ host: 'localhost', port: 9092 }]);
  assert.deepEqual(parseKafkaTarget('kafka://', { topic: 'x' }, { KAFKA_BOOTSTRAP_SERVERS: 'k1:19092, k2' }).brokers, [
    { host: 'k1', port: 19092 },
    { host: 'k2', port: 9092 },
  ]);
  assert.equal(parseKafkaTarget('kafka://', { topic: 'x' }, noEnv).topic, 'x');
  usageError(() => parseKafkaTarget('kafka://', noDefaults, { KAFKA_BOOTSTRAP_SERVERS: 'bad host' }), 'KAFKA_BOOTSTRAP_SERVERS', 'HOST:PORT');
});

test('a URL topic and key win over the scenario defaults', () => {
  const target = parseKafkaTarget('kafka://h:1/mine?key=user_id', { topic: 'theirs', key: 'session_id' }, noEnv);
  assert.equal(target.topic, 'mine');
  assert.equal(target.keyField, 'user_id');
});

test('acks=1 or 0 turns idempotence off unless it is asked for, which is an error', () => {
  assert.equal(parseKafkaTarget('kafka://h:1/t?acks=1', noDefaults, noEnv).idempotent, false);
  assert.equal(parseKafkaTarget('kafka://h:1/t?acks=0', noDefaults, noEnv).acks, 0);
  usageError(() => parseKafkaTarget('kafka://h:1/t?acks=1&idempotent=true', noDefaults, noEnv), 'idempotent=true', 'acks=all');
});

test('SASL takes user and password from the URL or from KAFKA_USERNAME / KAFKA_PASSWORD', () => {
  const fromUrl = parseKafkaTarget('kafka://h:1/t?sasl=scram-sha-512&user=alice&password=s3cret', noDefaults, noEnv);
  assert.deepEqual(fromUrl.sasl, { mechanism: 'scram-sha-512', username: 'alice', password: 's3cret' });
  const fromEnv = parseKafkaTarget('kafka://h:1/t?sasl=plain', noDefaults, { KAFKA_USERNAME: 'bob', KAFKA_PASSWORD: 'pw' });
  assert.deepEqual(fromEnv.sasl, { mechanism: 'plain', username: 'bob', password: 'pw' });
  usageError(() => parseKafkaTarget('kafka://h:1/t?sasl=plain', noDefaults, noEnv), 'sasl=plain', 'KAFKA_USERNAME');
  usageError(() => parseKafkaTarget('kafka://h:1/t?sasl=plain&user=a', noDefaults, noEnv), 'KAFKA_PASSWORD');
  usageError(() => parseKafkaTarget('kafka://h:1/t?sasl=gssapi&user=a&password=b', noDefaults, noEnv), 'sasl', 'plain, scram-sha-256, scram-sha-512');
  usageError(() => parseKafkaTarget('kafka://h:1/t?user=a&password=b', noDefaults, noEnv), 'sasl=');
});

test('passwords never appear in error messages', () => {
  usageError(() => parseKafkaTarget('kafka://h:1/t?password=hunter2&compression=brotli', noDefaults, noEnv), 'password=***');
  assert.throws(
    () => parseKafkaTarget('kafka://h:1/t?password=hunter2&compression=brotli', noDefaults, noEnv),
    (error: Error) => !error.message.includes('hunter2'),
  );
});

test('tls=true, and ca=FILE implies TLS', () => {
  assert.equal(parseKafkaTarget('kafka://h:1/t?tls=true', noDefaults, noEnv).tls, true);
  const withCa = parseKafkaTarget('kafka://h:1/t?ca=/etc/ssl/ca.pem', noDefaults, noEnv);
  assert.equal(withCa.tls, true);
  assert.equal(withCa.caFile, '/etc/ssl/ca.pem');
  usageError(() => parseKafkaTarget('kafka://h:1/t?ca=/x.pem&tls=false', noDefaults, noEnv), 'ca=', 'tls=false');
  usageError(() => parseKafkaTarget('kafka://h:1/t?tls=yes', noDefaults, noEnv), 'tls="yes"', 'true, false');
});

test('invalid targets name the parameter and the valid values', () => {
  usageError(() => parseKafkaTarget('http://h:1/t', noDefaults, noEnv), 'kafka://');
  usageError(() => parseKafkaTarget('kafka://h:1/t?compression=brotli', noDefaults, noEnv), 'compression="brotli"', 'none, gzip, snappy, lz4, zstd');
  usageError(() => parseKafkaTarget('kafka://h:1/t?acks=2', noDefaults, noEnv), 'acks="2"', 'all');
  usageError(() => parseKafkaTarget('kafka://h:1/t?partitions=1.5', noDefaults, noEnv), 'partitions="1.5"', 'whole number');
  usageError(() => parseKafkaTarget('kafka://h:1/t?partitions=0', noDefaults, noEnv), 'partitions="0"', 'from 1');
  usageError(() => parseKafkaTarget('kafka://h:1/t?replication=-1', noDefaults, noEnv), 'replication="-1"');
  usageError(() => parseKafkaTarget('kafka://h:1/t?linger=soon', noDefaults, noEnv), 'linger="soon"');
  usageError(() => parseKafkaTarget('kafka://h:1/t?batch=10', noDefaults, noEnv), 'batch="10"', 'from 1024');
  usageError(() => parseKafkaTarget('kafka://h:1/t?connect_timeout=', noDefaults, noEnv), 'connect_timeout=""');
  usageError(() => parseKafkaTarget('kafka://h:1/t?colour=red', noDefaults, noEnv), 'unknown parameter "colour"', 'compression');
  usageError(() => parseKafkaTarget('kafka://h:1/t?acks=1&acks=0', noDefaults, noEnv), '"acks" is given twice');
  usageError(() => parseKafkaTarget('kafka://h:99999/t', noDefaults, noEnv), 'port 99999');
  usageError(() => parseKafkaTarget('kafka://h:1/bad topic', noDefaults, noEnv), 'topic "bad topic"');
  usageError(() => parseKafkaTarget('kafka://h:1/..', noDefaults, noEnv), 'topic ".."');
  usageError(() => parseKafkaTarget('kafka://h:1/t?key={user_id}', noDefaults, noEnv), 'key="{user_id}"');
});

const hostArb = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}(\.[a-z0-9-]{1,10}){0,2}$/),
  fc.ipV4(),
  fc.constant('::1'),
);
const brokerArb = fc.record({ host: hostArb, port: fc.integer({ min: 1, max: 65535 }) });
const topicArb = fc.stringMatching(/^[a-zA-Z0-9._-]{1,60}$/).filter((topic) => topic !== '.' && topic !== '..');

test('property: any valid host list, topic and settings round-trip', () => {
  fc.assert(
    fc.property(
      fc.array(brokerArb, { minLength: 1, maxLength: 4 }),
      topicArb,
      fc.constantFrom(...COMPRESSIONS),
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.integer({ min: 0, max: 600_000 }),
      (brokers, topic, compression, partitions, linger) => {
        const hosts = brokers.map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`)).join(',');
        const target = parseKafkaTarget(`kafka://${hosts}/${topic}?compression=${compression}&partitions=${partitions}&linger=${linger}`, noDefaults, noEnv);
        assert.deepEqual(target.brokers, brokers.map((broker) => ({ ...broker })));
        assert.equal(target.topic, topic);
        assert.equal(target.compression, compression);
        assert.equal(target.partitions, partitions);
        assert.equal(target.lingerMs, linger);
      },
    ),
  );
});

test('property: any string either parses or fails with a one-line UsageError, never anything else', () => {
  const parameter = fc.constantFrom('key', 'compression', 'acks', 'idempotent', 'partitions', 'replication', 'linger', 'batch', 'connect_timeout', 'sasl', 'tls', 'ca', 'bogus');
  const query = fc.array(fc.tuple(parameter, fc.string({ maxLength: 8 })), { maxLength: 4 });
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), query, (location, params) => {
      const search = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
      try {
        const target = parseKafkaTarget(`kafka://${location}?${search}`, noDefaults, noEnv);
        assert.ok(target.brokers.length > 0);
        assert.ok(Number.isInteger(target.partitions) && target.partitions >= 1);
      } catch (error) {
        assert.ok(error instanceof UsageError, String(error));
        assert.ok(!error.message.includes('\n'));
      }
    }),
  );
});

test('property: non-integer or out-of-range numbers are rejected with the parameter named', () => {
  const bad = fc.oneof(fc.double({ noInteger: true }).map(String), fc.integer({ max: 0 }).map(String), fc.stringMatching(/^[a-z]+$/));
  fc.assert(
    fc.property(fc.constantFrom('partitions', 'replication'), bad, (name, value) => {
      usageError(() => parseKafkaTarget(`kafka://h:1/t?${name}=${encodeURIComponent(value)}`, noDefaults, noEnv), `${name}=`);
    }),
  );
});

test("a scenario's sinks.kafka block gives the defaults, with its types checked", () => {
  assert.deepEqual(kafkaDefaultsFrom({ topic: 'user-events', key: 'session_id', partitions: 12 }), { topic: 'user-events', key: 'session_id', partitions: 12 });
  assert.deepEqual(kafkaDefaultsFrom(undefined), { topic: undefined, key: undefined, partitions: undefined });
  for (const [block, mention] of [
    [{ topic: 7 }, 'sinks.kafka.topic'],
    [{ key: ['user_id'] }, 'sinks.kafka.key'],
    [{ partitions: 2.5 }, 'sinks.kafka.partitions'],
    [{ partitions: 0 }, 'sinks.kafka.partitions'],
  ] as const) {
    assert.throws(
      () => kafkaDefaultsFrom(block),
      (error: unknown) => error instanceof UsageError && error.code === 'SCENARIO_INVALID' && error.message.includes(mention),
    );
  }
});
