/**
 * Schema drift on Kafka with a schema registry: the drifted schema is registered as the
 * subject's next version, records from the drift time on carry its id, and read back from
 * the real broker each record decodes with its own version (Avro by fastavro with the
 * writer schema the registry returns for the record's id; JSON Schema validated by ajv)
 * to the values of the NDJSON run of the same seed. A registry whose compatibility
 * refuses the change gives its message and nothing is written.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadScenario } from '../../src/scenario/load.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { planDrift } from '../../src/faults/drift-run.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { normalizeRecord } from '../helpers/records.js';
import { fastavroMissing, readAvroPayloads } from '../helpers/fastavro.js';
import { startRegistryDouble, type RegistryDouble } from '../helpers/schema-registry-double.js';

const setup = await ensureKafkaBroker();
const skip = setup.skip;
const bootstrap = setup.broker?.bootstrap ?? '';
const avroSkip = skip ?? fastavroMissing();
let registry: RegistryDouble;
const dir = mkdtempSync(join(tmpdir(), 'clickgen-drift-kafka-'));
before(async () => {
  registry = await startRegistryDouble();
});
after(async () => {
  await registry.close();
  setup.broker?.release();
  rmSync(dir, { recursive: true, force: true });
});

const START = '2024-01-01T00:00:00Z';
const AT = Date.parse(START) + 3 * 60_000;
const SCENARIO = join(dir, 'drifting.yaml');
writeFileSync(
  SCENARIO,
  `extends: gift-shop
name: drifting
faults:
  drift:
    - { at: +3m, change: rename, field: product, to: item }
    - { at: +3m, change: add, field: schema_version, value: 2 }
    - { at: +3m, change: type, field: user_id, to: string }
`,
);
const ARGS = ['generate', '-s', SCENARIO, '--seed', '5', '--start', START, '--duration', '6m', '--late', '10%:10s-60s', '-q'];

function rowsOf(text: string): Record<string, unknown>[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let topics = 0;
const uniqueTopic = (name: string): string => `${name}-${process.pid}-${++topics}`;

/** The drifted shapes as the scenario defines them, and the NDJSON run's records, each normalized with its own version. */
async function expected(): Promise<{ shapes: NonNullable<ReturnType<typeof planDrift>>['shapes']; records: string[] }> {
  const loaded = loadScenario(SCENARIO);
  const compiled = compileScenario(loaded.scenario, 5, loaded.source);
  const plan = planDrift(compiled, Date.parse(START), Date.parse(START) + 6 * 60_000, loaded.source)!;
  const ndjson = await runInProcess(ARGS);
  assert.equal(ndjson.code, 0, ndjson.stderr);
  const records = ndjson.stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const shape = plan.shapes[Date.parse(`${row.__time as string}Z`) >= AT ? 1 : 0];
      return JSON.stringify(normalizeRecord(shape.records.fields, row, false, columnsOf(shape)));
    });
  return { shapes: plan.shapes, records };
}

function columnsOf(shape: { readonly output: { readonly fields: readonly { readonly name: string }[] } }): Set<string> {
  return new Set(shape.output.fields.map((f) => f.name).filter((name) => name !== ''));
}

async function run(format: 'avro' | 'json-schema'): Promise<{ topic: string; ids: number[]; key: RunSummary }> {
  const topic = uniqueTopic(`drift-${format}`);
  const summary = join(dir, `${topic}.json`);
  const result = await runInProcess([...ARGS, '--summary', summary, '-o', `kafka://${bootstrap}/${topic}?format=${format}&registry=${registry.url}`]);
  assert.equal(result.code, 0, result.stderr);
  const versions = registry.registered.filter((r) => r.subject === `${topic}-value`);
  assert.equal(versions.length, 2, 'the scenario\'s schema and the drifted one are two versions of the subject');
  const ids = versions.map((v) => v.id);
  assert.notEqual(ids[0], ids[1]);
  const key = JSON.parse(readFileSync(summary, 'utf8')) as RunSummary;
  assert.equal(key.drift?.[0].schema_id, ids[1], 'the answer key names the drifted schema id');
  return { topic, ids, key };
}

test('Avro with a registry: the drifted version is registered, records after the drift carry its id and decode with it (fastavro)', { skip: avroSkip }, async () => {
  const { shapes, records: written } = await expected();
  const { topic, ids, key } = await run('avro');
  const consumed = await readTopic(bootstrap, topic);
  assert.equal(consumed.length, written.length);
  const byId = new Map(registry.registered.map((r) => [r.id, r.schema]));
  const versionOf = consumed.map((record) => {
    assert.equal(record.valueBytes[0], 0, 'magic byte');
    return ids.indexOf(record.valueBytes.readUInt32BE(1));
  });
  assert.ok(versionOf.every((v) => v === 0 || v === 1), 'every record carries one of the two ids');
  const decoded = readAvroPayloads(consumed.map((record) => ({ schema: byId.get(record.valueBytes.readUInt32BE(1))!, payload: record.valueBytes.subarray(5) })));
  const read = decoded.map((value, i) => {
    const shape = shapes[versionOf[i]];
    // A record carries the id of its event time's shape.
    assert.equal((value.__time as number) >= AT, versionOf[i] === 1, `record ${i} at ${value.__time as number}`);
    if (versionOf[i] === 1) {
      assert.equal(typeof value.user_id, 'string');
      assert.equal(value.schema_version, 2);
      assert.ok(!('product' in value));
    } else assert.ok(!('item' in value) && typeof value.user_id === 'number');
    return JSON.stringify(normalizeRecord(shape.records.fields, value, true, columnsOf(shape)));
  });
  assert.ok(versionOf.filter((v) => v === 1).length > 100 && versionOf.filter((v) => v === 0).length > 100, 'both versions are on the topic');
  assert.deepEqual(read.sort(), [...written].sort());
  assert.equal(key.drift![0].records, versionOf.filter((v) => v === 1).length);
  // On a topic of one partition a record's position is its offset: the first drifted record is there.
  if (consumed.every((record) => record.partition === 0)) {
    const first = consumed.findIndex((record) => record.valueBytes.readUInt32BE(1) === ids[1]);
    assert.equal(consumed[first].offset, key.drift![0].first_position);
  }
});

test('JSON Schema with a registry: each record validates against the version its id names, and not always against the other', { skip }, async () => {
  const { records: written } = await expected();
  const { topic, ids } = await run('json-schema');
  const consumed = await readTopic(bootstrap, topic);
  assert.equal(consumed.length, written.length);
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  const schemas = ids.map((id) => JSON.parse(registry.registered.find((r) => r.id === id)!.schema) as object);
  const validators = schemas.map((schema) => ajv.compile(schema));
  let failsOther = 0;
  for (const record of consumed) {
    const version = ids.indexOf(record.valueBytes.readUInt32BE(1));
    const value = JSON.parse(record.valueBytes.subarray(5).toString('utf8')) as Record<string, unknown>;
    assert.equal(Date.parse(`${value.__time as string}Z`) >= AT, version === 1);
    assert.ok(validators[version](value), JSON.stringify(validators[version].errors));
    if (!validators[1 - version](value)) failsOther++;
  }
  assert.ok(failsOther > 0, 'the two versions tell records apart');
});

test('Protobuf with a registry: the drifted message keeps its fields\' numbers and reserves the removed ones; each record decodes with its id\'s version', { skip }, async () => {
  const topic = uniqueTopic('drift-protobuf');
  const drift = 'faults.drift=[{at: "+3m", change: remove, field: keyword}, {at: "+3m", change: type, field: user_id, to: string}, {at: "+3m", change: add, field: schema_version, value: 2}]';
  const args = ['generate', '-s', 'gift-shop', '--seed', '5', '--start', START, '--duration', '6m', '-q', '--set', drift];
  const result = await runInProcess([...args, '-o', `kafka://${bootstrap}/${topic}?format=protobuf&registry=${registry.url}`]);
  assert.equal(result.code, 0, result.stderr);
  const versions = registry.registered.filter((r) => r.subject === `${topic}-value`);
  assert.equal(versions.length, 2);
  // gift-shop: __time 1, user_id 2, ..., keyword 9, product 10, session_id 11.
  assert.match(versions[1].schema, /string user_id = 2;/);
  assert.match(versions[1].schema, /product = 10;/);
  assert.match(versions[1].schema, /int64 schema_version = 12;/);
  assert.match(versions[1].schema, /reserved 9;/);
  const client = new SchemaRegistry({ host: registry.url });
  const ndjson = rowsOf((await runInProcess(args)).stdout);
  const consumed = await readTopic(bootstrap, topic);
  assert.equal(consumed.length, ndjson.length);
  const read: string[] = [];
  for (const record of consumed) {
    const version = versions.findIndex((v) => v.id === record.valueBytes.readUInt32BE(1));
    const value = (await client.decode(record.valueBytes)) as Record<string, unknown>;
    // Decoders name fields in camelCase: __time is _Time.
    const time = Number(value._Time);
    assert.equal(time >= AT, version === 1);
    if (version === 1) assert.ok(typeof value.userId === 'string' && Number(value.schemaVersion) === 2 && !('keyword' in value), JSON.stringify(value));
    read.push(`${time} ${String(value.userId)} ${String(value.sessionId)}`);
  }
  const written = ndjson.map((row) => `${Date.parse(`${row.__time as string}Z`)} ${String(row.user_id)} ${row.session_id as string}`);
  assert.deepEqual(read.sort(), written.sort());
});

test('a registry that refuses the drifted version: its message in one line, exit 2, nothing written to the topic', { skip }, async () => {
  const topic = uniqueTopic('drift-refused');
  registry.refuseChanges = true;
  try {
    const result = await runInProcess([...ARGS.filter((a) => a !== '-q'), '-o', `kafka://${bootstrap}/${topic}?format=avro&registry=${registry.url}`]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `clickgen: schema registry ${registry.url}: refused the schema for subject ${topic}-value (HTTP 409: Schema being registered is incompatible with an earlier schema for subject "${topic}-value")\n`);
    assert.equal(registry.registered.filter((r) => r.subject === `${topic}-value`).length, 1, 'the first version only');
  } finally {
    registry.refuseChanges = false;
  }
  assert.deepEqual(await readTopic(bootstrap, topic).catch(() => []), []);
});
