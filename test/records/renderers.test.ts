import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { builtinNames, loadScenario } from '../../src/scenario/load.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { deriveRecordSchema } from '../../src/records/derive.js';
import { avroTypeName, toAvroSchema } from '../../src/records/avro-schema.js';
import { toProtobufSchema } from '../../src/records/protobuf-schema.js';
import type { RecordField } from '../../src/records/record-type.js';
import { runInProcess } from '../helpers/cli-in-process.js';

function recordsOf(name: string): ReturnType<typeof deriveRecordSchema> {
  const loaded = loadScenario(name);
  return deriveRecordSchema(compileScenario(loaded.scenario, 1, loaded.source));
}

for (const name of builtinNames()) {
  test(`${name}: avsc and protobufjs parse the derived schemas, with every field in order`, () => {
    const records = recordsOf(name);
    const type = avro.Type.forSchema(toAvroSchema(records) as avro.Schema) as avro.types.RecordType;
    assert.deepEqual(type.fields.map((f) => f.name), records.fields.map((f) => f.name));
    const root = protobuf.parse(toProtobufSchema(records), { keepCase: true }).root;
    const message = root.lookupType(`clickgen.${avroTypeName(name)}`);
    assert.deepEqual(message.fieldsArray.map((f) => f.name), records.fields.map((f) => f.name));
    assert.deepEqual(message.fieldsArray.map((f) => f.id), records.fields.map((_, i) => i + 1));
  });
}

test('avro: a nullable or optional field is a union with null first and a null default; enums only of Avro names', () => {
  const schema = toAvroSchema(recordsOf('gift-shop')) as { fields: { name: string; type: unknown; default?: unknown }[] };
  const byName = new Map(schema.fields.map((f) => [f.name, f]));
  assert.deepEqual(byName.get('__time')!.type, { type: 'long', logicalType: 'local-timestamp-millis' });
  assert.deepEqual(byName.get('client_device')!.type, { type: 'enum', name: 'GiftShop_client_device', symbols: ['mobile', 'tablet', 'laptop', 'desktop'] });
  // "Magic 8-ball" is no Avro name: the products stay strings.
  assert.deepEqual(byName.get('product'), { name: 'product', type: ['null', 'string'], default: null });
  assert.equal(byName.get('user_id')!.type, 'long');
});

test('protobuf: nullable fields are optional, nested objects nested messages, timestamps int64', () => {
  const text = toProtobufSchema(recordsOf('travel'));
  assert.match(text, /^syntax = "proto3";$/m);
  assert.match(text, /^ {2}int64 timestamp = 3; \/\/ epoch milliseconds$/m);
  assert.match(text, /^ {2}optional string query = \d+;$/m);
  assert.match(text, /^ {2}message Geo \{$/m);
});

test('schema --records prints each language; a bad language is one line and exit 2', async () => {
  for (const [language, check] of [
    ['json-schema', (out: string) => assert.equal((JSON.parse(out) as { title: string }).title, 'cart record')],
    ['avro', (out: string) => assert.equal((JSON.parse(out) as { name: string }).name, 'Cart')],
    ['protobuf', (out: string) => assert.match(out, /message Cart \{/)],
    ['spark-ddl', (out: string) => assert.match(out, /^`event_id` STRING, /)],
    ['sql', (out: string) => assert.match(out, /^CREATE TABLE "cart" \(/)],
  ] as const) {
    const result = await runInProcess(['schema', '--records', '-s', 'cart', '--as', language]);
    assert.equal(result.code, 0, result.stderr);
    check(result.stdout);
  }
  const bad = await runInProcess(['schema', '--records', '-s', 'cart', '--as', 'xml']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'clickgen: --as xml: not a schema language; use one of json-schema, avro, protobuf, spark-ddl, sql\n');
  const without = await runInProcess(['schema', '--as', 'sql']);
  assert.equal(without.code, 2);
  assert.match(without.stderr, /^clickgen: --as: only with --records/);
  const missing = await runInProcess(['schema', '--records', '-s', 'no-such-scenario']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr.split('\n').length, 2, missing.stderr);
});

test('a scenario field that is not an Avro name is bad input naming it', () => {
  const field: RecordField = { name: 'page-url', type: { kind: 'string' }, nullable: false, optional: false };
  assert.throws(() => toAvroSchema({ name: 'x', fields: [field] }), /field "page-url" is not an Avro name/);
});
