import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import protobuf from 'protobufjs';
import { loadScenario } from '../../src/scenario/load.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { deriveRecordSchema } from '../../src/records/derive.js';
import type { RecordField } from '../../src/records/record-type.js';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { normalizeRecord } from '../helpers/records.js';
import { startRegistryDouble, type RegistryDouble } from '../helpers/schema-registry-double.js';

const setup = await ensureKafkaBroker();
const skip = setup.skip;
const bootstrap = setup.broker?.bootstrap ?? '';
let registry: RegistryDouble;
before(async () => {
  registry = await startRegistryDouble();
});
after(async () => {
  await registry.close();
  setup.broker?.release();
});

let topicCount = 0;
const uniqueTopic = (name: string): string => `${name}-${process.pid}-${++topicCount}`;
const EVENTS = 2000;
const SEED = 9;
const ARGS = ['-s', 'user-behavior', '-n', String(EVENTS), '--seed', String(SEED), '--start', '2024-01-01', '-q'];

/**
 * Protobuf decoders name fields in camelCase: map them back to the records' names. An
 * `optional` field that was not sent is null (the decoded message reads its default);
 * other fields read their value, zero and empty included (proto3 does not send those).
 */
function protobufNames(fields: readonly RecordField[], value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const name = protobuf.util.camelCase(field.name);
    const v = (field.nullable || field.optional) && !Object.hasOwn(value, name) ? null : value[name];
    const long = v !== null && typeof v === 'object' && 'low' in v && 'high' in v;
    out[field.name] = long ? Number(v) : field.type.kind === 'object' && v != null ? protobufNames(field.type.fields, v as Record<string, unknown>) : v;
  }
  return out;
}

for (const format of ['avro', 'protobuf', 'json-schema'] as const) {
  test(`kafka ?format=${format}: records in the Confluent wire format decode, with an independent client, to the NDJSON run's values`, { skip }, async () => {
    const topic = uniqueTopic(`wire-${format}`);
    const result = await runInProcess(['generate', ...ARGS, '-o', `kafka://${bootstrap}/${topic}?format=${format}&registry=${registry.url}`]);
    assert.equal(result.code, 0, result.stderr);
    const consumed = await readTopic(bootstrap, topic);
    assert.equal(consumed.length, EVENTS);
    const schema = registry.registered.find((r) => r.subject === `${topic}-value`);
    assert.ok(schema, `no schema registered under ${topic}-value`);
    assert.equal(schema.schemaType, { avro: 'AVRO', protobuf: 'PROTOBUF', 'json-schema': 'JSON' }[format]);
    // Magic byte 0, the schema's id big-endian, and for Protobuf the message index [0] as one 0.
    const frame = consumed[0].valueBytes.subarray(0, format === 'protobuf' ? 6 : 5);
    assert.deepEqual([...frame], [0, 0, 0, 0, schema.id, ...(format === 'protobuf' ? [0] : [])]);

    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const client = new SchemaRegistry({ host: registry.url }, { [SchemaType.JSON]: { ajvInstance: ajv as never } });
    const loaded = loadScenario('user-behavior');
    const compiled = compileScenario(loaded.scenario, SEED, loaded.source);
    const records = deriveRecordSchema(compiled);
    const columns = new Set(compiled.schema.fields.map((f) => f.name));
    const ndjson = await runInProcess(['generate', ...ARGS]);
    const lines = ndjson.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // Records keyed by session spread over the topic's partitions: compare them as sets.
    const read: string[] = [];
    for (const record of consumed) {
      let decoded = (await client.decode(record.valueBytes)) as Record<string, unknown>;
      if (format === 'protobuf') decoded = protobufNames(records.fields, decoded);
      read.push(JSON.stringify(normalizeRecord(records.fields, decoded, format !== 'json-schema', columns)));
    }
    const written = lines.map((line) => JSON.stringify(normalizeRecord(records.fields, line, false, columns)));
    assert.deepEqual(read.sort(), written.sort());
  });
}

test('subject strategies: topic, record and topic-record name the value subject', { skip }, async () => {
  for (const [strategy, subject] of [
    ['topic', (t: string) => `${t}-value`],
    ['record', () => 'clickgen.Cart'],
    ['topic-record', (t: string) => `${t}-clickgen.Cart`],
  ] as const) {
    const topic = uniqueTopic(`subject-${strategy}`);
    const result = await runInProcess(['generate', '-s', 'cart', '-n', '5', '-q', '-o', `kafka://${bootstrap}/${topic}?format=avro&subject=${strategy}&registry=${registry.url}`]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(registry.registered.some((r) => r.subject === subject(topic)), `${strategy}: no subject ${subject(topic)}`);
  }
});

test('a registry that refuses the schema: its message in one line, exit 2, nothing written', { skip }, async () => {
  const topic = uniqueTopic('refused');
  registry.refuse = true;
  try {
    const result = await runInProcess(['generate', '-s', 'cart', '-n', '5', '-o', `kafka://${bootstrap}/${topic}?format=avro&registry=${registry.url}`]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `clickgen: schema registry ${registry.url}: refused the schema for subject ${topic}-value (HTTP 409: Schema being registered is incompatible with an earlier schema for subject "${topic}-value")\n`);
  } finally {
    registry.refuse = false;
  }
});

test('basic auth: credentials in the registry URL are sent; without them the refusal says how to give them', { skip }, async () => {
  const guarded = await startRegistryDouble({ user: 'clicks', password: 's3cret' });
  try {
    const topic = uniqueTopic('auth');
    const withAuth = guarded.url.replace('http://', 'http://clicks:s3cret@');
    const ok = await runInProcess(['generate', '-s', 'cart', '-n', '5', '-q', '-o', `kafka://${bootstrap}/${topic}?format=json-schema&registry=${withAuth}`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((await readTopic(bootstrap, topic)).length, 5);
    const refused = await runInProcess(['generate', '-s', 'cart', '-n', '5', '-o', `kafka://${bootstrap}/${uniqueTopic('noauth')}?format=json-schema&registry=${guarded.url}`]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^clickgen: schema registry http:\/\/127\.0\.0\.1:\d+: refused the credentials \(HTTP 401: Unauthorized\); give them as registry=http:\/\/USER:PASSWORD@HOST:PORT\n$/);
  } finally {
    await guarded.close();
  }
});

test('key_format=avro: each key is an Avro string framed with the id of the TOPIC-key schema', { skip }, async () => {
  const topic = uniqueTopic('avro-key');
  const result = await runInProcess(['generate', '-s', 'cart', '-n', '50', '-q', '-o', `kafka://${bootstrap}/${topic}?key=user_id&format=avro&key_format=avro&registry=${registry.url}`]);
  assert.equal(result.code, 0, result.stderr);
  const keySchema = registry.registered.find((r) => r.subject === `${topic}-key`);
  assert.deepEqual(keySchema && JSON.parse(keySchema.schema), 'string');
  const client = new SchemaRegistry({ host: registry.url });
  const consumed = await readTopic(bootstrap, topic);
  assert.equal(consumed.length, 50);
  for (const record of consumed) {
    const keyBytes = record.keyBytes!;
    assert.equal(keyBytes.readUInt32BE(1), keySchema!.id);
    const value = (await client.decode(record.valueBytes)) as { user_id: string };
    assert.equal(await client.decode(keyBytes), value.user_id);
  }
});

test('schema=FILE: a user .proto and .avsc with fewer fields are registered as written, and records decode to the NDJSON run\'s values', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-user-schema-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const proto = join(dir, 'cart.proto');
  // No package, other field numbers, a double for the price, and a second message after the first.
  writeFileSync(proto, 'syntax = "proto3";\nmessage ShopEvent {\n  string event_type = 3;\n  optional double price = 1;\n  int64 event_time = 7;\n}\nmessage Unused { string x = 1; }\n');
  const avsc = join(dir, 'cart.avsc');
  writeFileSync(avsc, JSON.stringify({ type: 'record', name: 'Slim', namespace: 'shop', fields: [{ name: 'event_type', type: 'string' }, { name: 'price', type: ['null', 'double'] }] }));
  const ndjson = await runInProcess(['generate', '-s', 'cart', '-n', '200', '--seed', '3', '--start', '2024-01-01', '-q']);
  const lines = ndjson.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const client = new SchemaRegistry({ host: registry.url });
  for (const [format, file, pick] of [
    // Protobuf decoders name fields in camelCase.
    ['protobuf', proto, (v: Record<string, unknown>) => [v.eventType, Object.hasOwn(v, 'price') ? v.price : null, Number(v.eventTime)]],
    ['avro', avsc, (v: Record<string, unknown>) => [v.event_type, v.price ?? null]],
  ] as const) {
    const topic = uniqueTopic(`user-${format}`);
    const result = await runInProcess(['generate', '-s', 'cart', '-n', '200', '--seed', '3', '--start', '2024-01-01', '-q', '-o', `kafka://${bootstrap}/${topic}?format=${format}&registry=${registry.url}&schema=${file}&subject=record`]);
    assert.equal(result.code, 0, result.stderr);
    const registered = registry.registered.find((r) => r.subject === (format === 'protobuf' ? 'ShopEvent' : 'shop.Slim'));
    assert.ok(registered, `${format}: registered under the user's record name`);
    assert.equal(registered.schema, readFileSync(file, 'utf8').replace(/^\{.*\}$/s, (json) => JSON.stringify(JSON.parse(json))));
    const consumed = await readTopic(bootstrap, topic);
    const read = await Promise.all(consumed.map(async (r) => JSON.stringify(pick((await client.decode(r.valueBytes)) as Record<string, unknown>))));
    const expected = lines.map((l) => JSON.stringify(format === 'protobuf' ? [l.event_type, l.price ?? null, l.event_time] : [l.event_type, l.price ?? null]));
    assert.deepEqual(read.sort(), expected.sort(), format);
  }
});
