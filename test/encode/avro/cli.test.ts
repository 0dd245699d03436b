import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fastavroMissing, readAvroFile } from '../../helpers/fastavro.js';
import { runInProcess } from '../../helpers/cli-in-process.js';
import { hasZstd } from '../../../src/encode/avro/codecs.js';
import { deriveRecordSchema } from '../../../src/records/derive.js';
import { normalizeRecord } from '../../helpers/records.js';
import { compileBuiltin } from '../../helpers/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'clickgen-avro-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const skip = fastavroMissing();

function schemaFile(name: string, schema: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof schema === 'string' ? schema : JSON.stringify(schema));
  return file;
}

test('--avro-schema: a user schema with fewer fields, an enum and a renamed record is written and read back', { skip }, async () => {
  const avsc = schemaFile('cart-small.avsc', {
    type: 'record',
    name: 'CartEvent',
    namespace: 'com.example',
    fields: [
      { name: 'event_type', type: { type: 'enum', name: 'Kind', symbols: ['VIEW', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'CHECKOUT', 'PURCHASE', 'OTHER'] } },
      { name: 'price', type: ['null', 'double'], default: null },
      { name: 'event_time', type: 'long' },
    ],
  });
  const out = join(dir, 'cart-small.avro');
  const result = await runInProcess(['generate', '-s', 'cart', '-n', '500', '--seed', '3', '--format', 'avro', '--avro-schema', avsc, '-o', out, '-q']);
  assert.equal(result.code, 0, result.stderr);
  const { schema, records } = readAvroFile(out);
  assert.equal((schema as { name: string }).name, 'com.example.CartEvent');
  assert.equal(records.length, 500);
  assert.deepEqual(Object.keys(records[0]), ['event_type', 'price', 'event_time']);
  const ndjson = await runInProcess(['generate', '-s', 'cart', '-n', '500', '--seed', '3', '-q']);
  const lines = ndjson.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(records.map((r) => [r.event_type, r.price, r.event_time]), lines.map((l) => [l.event_type, l.price ?? null, l.event_time]));
});

/** Scenarios whose enums hold the texts of a generated catalog (product categories), drawn from the seed. */
const CATALOG_ENUMS = ['shop', 'shop-ga4', 'shop-segment', 'ecommerce', 'user-behavior'];

for (const name of CATALOG_ENUMS) {
  test(`${name}: the Avro schema is the same for every seed, the one schema --records --as avro prints, and fastavro reads each seed's values`, { skip }, async () => {
    const printed = await runInProcess(['schema', '--records', '-s', name, '--as', 'avro']);
    assert.equal(printed.code, 0, printed.stderr);
    for (const seed of [7, 8]) {
      const out = join(dir, `${name}-${seed}.avro`);
      const args = ['generate', '-s', name, '-n', '500', '--seed', String(seed), '--start', '2024-01-01', '-q'];
      const result = await runInProcess([...args, '--format', 'avro', '-o', out]);
      assert.equal(result.code, 0, result.stderr);
      const { written, records } = readAvroFile(out);
      assert.deepEqual(written, JSON.parse(printed.stdout), `seed ${seed}`);
      const ndjson = await runInProcess(args);
      const lines = ndjson.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const compiled = compileBuiltin(name, seed);
      const fields = deriveRecordSchema(compiled).fields;
      const columns = new Set(compiled.schema.fields.map((f) => f.name));
      assert.deepEqual(
        records.map((r) => normalizeRecord(fields, r, true, columns)),
        lines.map((l) => normalizeRecord(fields, l, false, columns)),
        `seed ${seed}`,
      );
    }
  });
}

test('--avro-schema that does not fit the scenario: one line per mismatch, exit 2, no file', async () => {
  const avsc = schemaFile('bad.avsc', {
    type: 'record',
    name: 'Bad',
    fields: [
      { name: 'event_type', type: { type: 'enum', name: 'Kind', symbols: ['VIEW'] } },
      { name: 'price', type: 'double' },
      { name: 'user_id', type: 'long' },
      { name: 'colour', type: 'string' },
    ],
  });
  const out = join(dir, 'bad.avro');
  const result = await runInProcess(['generate', '-s', 'cart', '-n', '10', '--format', 'avro', '--avro-schema', avsc, '-o', out]);
  assert.equal(result.code, 2);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 4, result.stderr);
  assert.match(lines[0], /^clickgen: --avro-schema .*bad\.avsc: field event_type: the enum lacks "ADD_TO_CART", /);
  assert.match(lines[1], /field price: may be null in the records; its type must be a union with "null"$/);
  assert.match(lines[2], /field user_id: the records hold text \(string or enum\), the schema says long$/);
  assert.match(lines[3], /field colour: not a field of the scenario's records \(they have event_id, user_id, /);
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('bad.avro')), []);
});

test('--avro-schema that is not JSON or not Avro: one line naming the file', async () => {
  for (const [name, text, message] of [
    ['broken.avsc', '{"type": "record",', /: not JSON: /],
    ['unknown.avsc', '{"type": "record", "name": "X", "fields": [{"name": "a", "type": "strng"}]}', /: not an Avro schema: .*strng/],
    ['plain.avsc', '"string"', /: the schema must be a record, not string\n$/],
  ] as const) {
    const result = await runInProcess(['generate', '-s', 'cart', '-n', '10', '--format', 'avro', '--avro-schema', schemaFile(name, text), '-o', join(dir, 'x.avro')]);
    assert.equal(result.code, 2, name);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, message);
  }
});

test('avro flags: a codec that does not exist, avro flags without --format avro, and an output that cannot carry a container file', async () => {
  const cases: [string[], RegExp][] = [
    [['--format', 'avro', '--avro-codec', 'lzo'], /^clickgen: --avro-codec lzo: not an Avro codec; use one of deflate, snappy, zstd, null\n$/],
    [['--avro-codec', 'snappy'], /^clickgen: --avro-codec snappy: only with --format avro\n$/],
    [['--format', 'avro', '-o', 'kafka://127.0.0.1:9092/t'], /^clickgen: --format avro -o kafka:\/\/127\.0\.0\.1:9092\/t: avro writes one container file \(a header, blocks, an end\) to one file or stdout, not to kafka output \(Kafka takes avro records in the Confluent wire format: /],
    [['--format', 'avro', '-o', join(dir, '{event_type}.avro')], /not to one file per value\n$/],
    [['--format', 'parket'], /^clickgen: --format parket: /],
    // Node 20's zlib has no zstd: the codec is refused there, by name of what is needed.
    ...(hasZstd ? [] : [[['--format', 'avro', '--avro-codec', 'zstd'], /^clickgen: --avro-codec zstd: this Node \(v20\.[\d.]+\) has no zstd; it needs Node 22\.15 or later, or use deflate or snappy\n$/]] as [string[], RegExp][]),
  ];
  for (const [flags, message] of cases) {
    const result = await runInProcess(['generate', '-s', 'cart', '-n', '10', ...flags]);
    assert.equal(result.code, 2, flags.join(' '));
    assert.match(result.stderr, message);
  }
});
