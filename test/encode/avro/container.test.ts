import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { builtinNames, loadScenario } from '../../../src/scenario/load.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { deriveRecordSchema } from '../../../src/records/derive.js';
import { fastavroMissing, readAvroFile, zstdReadBackMissing } from '../../helpers/fastavro.js';
import { hasZstd, type AvroCodecName } from '../../../src/encode/avro/codecs.js';
import { generateBytes, parseLines, sha256 } from '../../helpers/generate.js';
import { normalizeRecord } from '../../helpers/records.js';

const dir = mkdtempSync(join(tmpdir(), 'clickgen-avro-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const skip = fastavroMissing();
const EVENTS = 20_000;

async function writeAvro(name: string, seed: number, options: Parameters<typeof generateBytes>[1] = {}): Promise<string> {
  const { bytes } = await generateBytes(name, { seed, count: EVENTS, format: 'avro', ...options });
  const file = join(dir, `${name}-${seed}-${options.avro?.codec ?? 'deflate'}.avro`);
  writeFileSync(file, bytes);
  return file;
}

for (const name of builtinNames()) {
  test(`${name}: fastavro reads the Avro file and its records equal the NDJSON run of the same seed`, { skip }, async () => {
    const loaded = loadScenario(name);
    const compiled = compileScenario(loaded.scenario, 11, loaded.source);
    const records = deriveRecordSchema(compiled);
    const columns = new Set(compiled.schema.fields.map((f) => f.name));
    const file = await writeAvro(name, 11);
    const avro = readAvroFile(file);
    assert.equal(avro.codec, 'deflate');
    const { bytes } = await generateBytes(name, { seed: 11, count: EVENTS });
    const lines = parseLines(bytes);
    assert.equal(avro.records.length, lines.length);
    for (let i = 0; i < lines.length; i++) {
      assert.deepEqual(normalizeRecord(records.fields, avro.records[i], true, columns), normalizeRecord(records.fields, lines[i], false, columns), `record ${i + 1}`);
    }
  });
}

const zstdSkip = zstdReadBackMissing();

for (const codec of ['snappy', 'null', 'zstandard'] as const) {
  test(`--avro-codec ${codec}: fastavro reads the same records as with deflate`, { skip: codec === 'zstandard' ? zstdSkip : skip }, async () => {
    const deflate = readAvroFile(await writeAvro('user-behavior', 4));
    const other = readAvroFile(await writeAvro('user-behavior', 4, { avro: { codec } }));
    assert.equal(other.codec, codec);
    assert.deepEqual(other.records, deflate.records);
  });
}

/**
 * Golden Avro files: the same seed gives the same bytes, sync marker included; deflate for three scenarios, every other codec for gift-shop.
 * travel's changed when its `iso-seconds` times came to be stored to the second, as NDJSON and Parquet show them, not with the event's milliseconds.
 */
const GOLDEN: readonly { readonly name: string; readonly codec: AvroCodecName; readonly sha256: string }[] = [
  { name: 'gift-shop', codec: 'deflate', sha256: '29fc65b433fd995562ebc863a270c8a4221278b820b530f99fd61e9bbc061b66' },
  { name: 'cart', codec: 'deflate', sha256: '9ca1211bebb2a7bc38b87e43492527c2c23adc2972e3c43d928b06945a138ca2' },
  { name: 'travel', codec: 'deflate', sha256: '3fd810f7f830b7afc8c175808008fab4d30ea1e8ac5862ba316db8f34ec510a7' },
  { name: 'gift-shop', codec: 'null', sha256: '719c9d1ff2b1d567fc3b5b41d4fa2aea1c9b5641e0cb9d551a4ef142a1ee5cb4' },
  { name: 'gift-shop', codec: 'snappy', sha256: '7f597bf41da61b2d5cbf2d4afb6b61cc0cbd2cf2464fa1e0daaa55f8c72a2805' },
  { name: 'gift-shop', codec: 'zstandard', sha256: 'dc644651d3b3073f12f24d559f39f484f40af58cb64213c34932ad9b57b53fe3' },
];

for (const { name, codec, sha256: expected } of GOLDEN) {
  const noZstd = codec === 'zstandard' && !hasZstd ? `zstandard needs Node 22.15 or later; this is ${process.version}` : undefined;
  if (noZstd !== undefined) console.warn(`SKIPPED: ${noZstd}`);
  test(`${name}, ${codec}: the Avro file is byte-identical run to run, whatever the batch size, and hashes to the golden value`, { skip: noZstd }, async () => {
    const first = await generateBytes(name, { seed: 42, count: 10_000, format: 'avro', avro: { codec } });
    const small = await generateBytes(name, { seed: 42, count: 10_000, format: 'avro', avro: { codec }, batchBytes: 4096, batchRecords: 7 });
    assert.equal(sha256(small.bytes), sha256(first.bytes));
    assert.equal(sha256(first.bytes), expected);
  });
}

test('another seed gives another sync marker', async () => {
  const a = await generateBytes('cart', { seed: 1, count: 10, format: 'avro' });
  const b = await generateBytes('cart', { seed: 2, count: 10, format: 'avro' });
  const sync = (bytes: Buffer): string => bytes.subarray(bytes.length - 16).toString('hex');
  assert.notEqual(sync(a.bytes), sync(b.bytes));
  // The header ends with the same marker that closes each block.
  assert.equal(a.bytes.indexOf(a.bytes.subarray(a.bytes.length - 16)), a.bytes.lastIndexOf(a.bytes.subarray(a.bytes.length - 16), a.bytes.length - 17));
});
