import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { parseKafkaTarget } from '../../src/sinks/kafka-target.js';
import { runInProcess } from '../helpers/cli-in-process.js';

const parse = (query: string) => parseKafkaTarget(`kafka://127.0.0.1:9092/t?${query}`, {}, {});

test('format= and registry= give the wire settings; credentials in the URL become basic auth', () => {
  assert.deepEqual(parse('format=avro&registry=http://u%40x:p%3Aw@reg:8081/apis/ccompat/v7&subject=topic-record').wire, {
    format: 'avro',
    registry: 'http://reg:8081/apis/ccompat/v7',
    auth: { user: 'u@x', password: 'p:w' },
    subject: 'topic-record',
    keyFormat: 'string',
  });
  assert.equal(parse('key=user_id').wire, undefined);
});

test('wire parameters that do not fit are one line naming the parameter', () => {
  for (const [query, message] of [
    ['format=avro', /format=avro needs registry=http:\/\/HOST:PORT/],
    ['format=thrift&registry=http://r:1', /format="thrift" is not one of avro, protobuf, json-schema/],
    ['format=avro&registry=not a url', /registry="not a url" is not a URL; give http:\/\/HOST:PORT/],
    ['format=avro&registry=ftp://r:1', /registry="ftp:\/\/r:1" is not an http:\/\/ or https:\/\/ URL/],
    ['registry=http://r:1', /registry= needs format=avro\|protobuf\|json-schema/],
    ['format=avro&registry=http://r:1&subject=name', /subject="name" is not one of topic, record, topic-record/],
    ['format=avro&registry=http://r:1&key_format=avro', /key_format=avro needs a key: key=FIELD, or the scenario's sinks.kafka.key/],
  ] as const) {
    assert.throws(() => parse(query), message, query);
  }
});

test('a password in the registry URL never shows in a message', () => {
  assert.throws(
    () => parse('format=avro&registry=http://me:hunter2@r:1&subject=x'),
    (error: Error) => !error.message.includes('hunter2') && /registry=http:\/\/me:\*\*\*@r:1/.test(error.message),
  );
});

test('a registry that does not answer ends the run with exit 1 and one line', async () => {
  // A port that was free a moment ago: nothing listens there.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const result = await runInProcess(['generate', '-s', 'cart', '-n', '5', '-o', `kafka://127.0.0.1:9/t?format=avro&registry=http://127.0.0.1:${port}`]);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, `clickgen: schema registry http://127.0.0.1:${port}: cannot register subject t-value: ECONNREFUSED\n`);
});

test('--format with a Kafka target that sets format= is one line, exit 2', async () => {
  const result = await runInProcess(['generate', '-s', 'cart', '-n', '5', '--format', 'csv', '-o', 'kafka://127.0.0.1:9/t?format=avro&registry=http://127.0.0.1:9']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^clickgen: --format csv with -o kafka:.*: the Kafka target's format= sets the format; give one of them\n$/);
});
