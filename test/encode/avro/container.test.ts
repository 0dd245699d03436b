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

/** Golden Avro files: the same seed gives the same bytes, sync marker included; deflate for three scenarios, every other codec for gift-shop. */
const GOLDEN: readonly { readonly name: string; readonly codec: AvroCodecName; readonly sha256: string }[] = [
  { name: 'gift-shop', codec: 'deflate', sha256: '763976b3d3eee84e9ed7717759d596ab5b4dc00c3027fc6bfc68bef7cb4f1d75' },
  { name: 'cart', codec: 'deflate', sha256: '7f6ae7c7184c9e07662c55fd4630b6dd4ac4e87964317f71824369bd455ca81c' },
  { name: 'travel', codec: 'deflate', sha256: '18f40438ff853f42e05dfb5d82765b917032fbd8e2b8d34a6813d2596e36e6cf' },
  { name: 'gift-shop', codec: 'null', sha256: '54d34d08ce7552af117d884cfa27bb2049cbd434d65d0685b2f91c6f433f624d' },
  { name: 'gift-shop', codec: 'snappy', sha256: '3eaabc1dcbbb1d21ef8a7077168abd88ef4dcf235ca159b5ebb06a81886e0d6d' },
  { name: 'gift-shop', codec: 'zstandard', sha256: '8720c847b03a7f92796943ccfc93ebc4c0f7e39829bea06a751f5ccc6a33f4f4' },
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
