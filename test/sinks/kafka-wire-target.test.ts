import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    schemaFile: undefined,
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

test('schema=FILE that does not parse or does not fit the records: one line per problem naming the file and field, exit 2, before any connection', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-bad-schema-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  // Port 9: nothing listens there; a check that passed would fail later with exit 1.
  const target = (format: string, schema: string) => `kafka://127.0.0.1:9/t?format=${format}&registry=http://127.0.0.1:9&schema=${schema}`;
  const cases: [string, string, readonly RegExp[]][] = [
    ['protobuf', file('broken.proto', 'syntax = "proto3";\nmessage Cart {\n  string event_type = ;\n}\n'), [/^clickgen: schema=.*broken\.proto: not a \.proto file protobufjs can read: .*line 3/]],
    ['protobuf', file('empty.proto', 'syntax = "proto3";\nenum Kind { A = 0; }\n'), [/^clickgen: schema=.*empty\.proto: the file has no message; records are written as its first message$/]],
    [
      'protobuf',
      file('misfit.proto', 'syntax = "proto3";\nmessage Cart {\n  int64 event_type = 1;\n  double price = 2;\n  string colour = 3;\n  repeated string user_id = 4;\n  string event_time = 5;\n}\n'),
      [
        /^clickgen: schema=.*misfit\.proto: field event_type: the records hold text \(string\), the field is int64$/,
        /^clickgen: schema=.*misfit\.proto: field price: may be null in the records; declare it optional$/,
        /^clickgen: schema=.*misfit\.proto: field colour: not a field of the scenario's records \(they have event_id, user_id, /,
        /^clickgen: schema=.*misfit\.proto: field user_id: the records hold one value, the field is repeated$/,
        /^clickgen: schema=.*misfit\.proto: field event_time: the records hold timestamps \(int64 epoch milliseconds\), the field is string$/,
      ],
    ],
    // The file is named once: `schema=PATH: ...`.
    ['avro', file('broken.avsc', '{"type": "record", "name": "Cart", "fields": ['), [/^clickgen: schema=[^ ]*broken\.avsc: not JSON: /]],
    ['avro', file('cart.proto', 'syntax = "proto3";\nmessage Cart {}\n'), [/^clickgen: Kafka target ".*": schema=[^ ]*cart\.proto: a Protobuf file, but format=avro takes a \.avsc; add format=protobuf for a \.proto$/]],
    ['protobuf', file('cart.avsc', '{}'), [/^clickgen: Kafka target ".*": schema=[^ ]*cart\.avsc: an Avro schema, but format=protobuf takes a \.proto; add format=avro for a \.avsc$/]],
    ['avro', file('misfit.avsc', JSON.stringify({ type: 'record', name: 'Cart', fields: [{ name: 'price', type: 'double' }, { name: 'colour', type: 'string' }] })), [/field price: may be null in the records; its type must be a union with "null"$/, /field colour: not a field of the scenario's records/]],
    ['avro', join(dir, 'missing.avsc'), [/^clickgen: schema=.*missing\.avsc: cannot read the schema file \(ENOENT\)$/]],
    ['json-schema', file('any.json', '{}'), [/schema= takes a \.avsc \(format=avro\) or a \.proto \(format=protobuf\); format=json-schema registers the derived JSON Schema$/]],
  ];
  for (const [format, schema, expected] of cases) {
    const result = await runInProcess(['generate', '-s', 'cart', '-n', '5', '-o', target(format, schema)]);
    assert.equal(result.code, 2, `${schema}: ${result.stderr}`);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, expected.length, result.stderr);
    expected.forEach((pattern, i) => assert.match(lines[i], pattern));
  }
});

test('a registry URL that is not a URL: one line, exit 2', async () => {
  const result = await runInProcess(['generate', '-s', 'cart', '-n', '5', '-o', 'kafka://127.0.0.1:9/t?format=avro&registry=registry:8081']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /^clickgen: .*registry="registry:8081" is not an http:\/\/ or https:\/\/ URL\n$/);
});
