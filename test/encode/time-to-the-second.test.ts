/**
 * A time the text formats write to the second (iso-seconds, epoch-s) is stored to the second
 * by the binary formats too: Avro files, and Avro and Protobuf records framed for a schema
 * registry carry the instant NDJSON shows, as Parquet does, not the event's milliseconds.
 * Avro is read back by fastavro, an independent reader.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import protobuf from 'protobufjs';
import { Engine } from '../../src/engine/engine.js';
import type { FieldSpec } from '../../src/engine/event.js';
import { eventToObject } from '../../src/encode/event-object.js';
import { firstMessage } from '../../src/encode/wire/user-proto.js';
import { WireEncoder, type WirePayloadFormat } from '../../src/encode/wire/wire-encoder.js';
import { toAvroSchema } from '../../src/records/avro-schema.js';
import { deriveRecordSchema } from '../../src/records/derive.js';
import { toProtobufSchema } from '../../src/records/protobuf-schema.js';
import type { CompiledScenario } from '../../src/scenario/compile.js';
import { fastavroMissing, readAvroFile, readAvroPayloads } from '../helpers/fastavro.js';
import { generateBytes, parseLines, TEST_START } from '../helpers/generate.js';
import { compileBuiltin } from '../helpers/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'clickgen-seconds-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const skip = fastavroMissing();
const COUNT = 1000;
const SEED = 7;

/** travel and user-behavior write their times as iso-seconds; the last case writes travel's as epoch-s. */
const CASES: readonly { readonly name: string; readonly set: string[] }[] = [
  { name: 'travel', set: [] },
  { name: 'user-behavior', set: [] },
  { name: 'travel', set: ['fields.timestamp={time: epoch-s}'] },
];

/** The fields written to the second. */
function secondFields(compiled: CompiledScenario): FieldSpec[] {
  const fields = compiled.schema.fields.filter((f) => f.time === 'iso-seconds' || f.time === 'epoch-s');
  assert.ok(fields.length > 0);
  return fields;
}

/** Each such field of a record (NDJSON's object, or a decoded binary record) as epoch ms; NDJSON's text read back. */
function instants(fields: readonly FieldSpec[], record: Record<string, unknown>, text: boolean): (number | null)[] {
  return fields.map((field) => {
    let v: unknown = record;
    for (const key of field.path) v = (v as Record<string, unknown> | null | undefined)?.[key];
    if (v === undefined || v === null) return null;
    if (!text) return Number(v);
    return field.time === 'epoch-s' ? (v as number) * 1000 : Date.parse(v as string);
  });
}

/** The run's events as NDJSON objects, and each as a registry-framed payload of `format` (frame and newline cut off). */
function wireRun(compiled: CompiledScenario, format: WirePayloadFormat, schemaText: string): { lines: Record<string, unknown>[]; payloads: Uint8Array[] } {
  let millis = 0;
  const encoder = new WireEncoder(compiled.schema, deriveRecordSchema(compiled), format, 1, schemaText);
  const frame = format === 'protobuf' ? 6 : 5;
  const engine = new Engine(compiled, { start: TEST_START, count: COUNT });
  const out = new Uint8Array(1 << 16);
  const lines: Record<string, unknown>[] = [];
  const payloads: Uint8Array[] = [];
  for (let e = engine.next(); e !== null; e = engine.next()) {
    if (e.time % 1000 !== 0) millis++;
    lines.push(eventToObject(e, compiled.schema));
    payloads.push(out.slice(frame, encoder.encode(e, out, 0) - 1));
  }
  // Events at whole seconds would pass without flooring.
  assert.ok(millis > COUNT / 2, `${millis} of ${COUNT} event times have milliseconds`);
  return { lines, payloads };
}

for (const { name, set } of CASES) {
  const label = `${name}${set.length > 0 ? ` (${set.join(' ')})` : ''}`;

  test(`${label}: an Avro file stores a time written to the second as the NDJSON run shows it`, { skip }, async () => {
    const compiled = compileBuiltin(name, SEED, set);
    const fields = secondFields(compiled);
    const file = join(dir, `${name}-${set.length}.avro`);
    writeFileSync(file, (await generateBytes(name, { seed: SEED, count: COUNT, format: 'avro', set })).bytes);
    const avro = readAvroFile(file).records.map((r) => instants(fields, r, false));
    const ndjson = parseLines((await generateBytes(name, { seed: SEED, count: COUNT, set })).bytes).map((l) => instants(fields, l, true));
    assert.equal(avro.length, COUNT);
    assert.deepEqual(avro, ndjson);
  });

  test(`${label}: Avro records framed for a schema registry store a time written to the second as NDJSON shows it`, { skip }, () => {
    const compiled = compileBuiltin(name, SEED, set);
    const fields = secondFields(compiled);
    const schema = JSON.stringify(toAvroSchema(deriveRecordSchema(compiled)));
    const { lines, payloads } = wireRun(compiled, 'avro', schema);
    const decoded = readAvroPayloads(payloads.map((payload) => ({ schema, payload })));
    assert.deepEqual(
      decoded.map((r) => instants(fields, r, false)),
      lines.map((l) => instants(fields, l, true)),
    );
  });

  test(`${label}: Protobuf records framed for a schema registry store a time written to the second as NDJSON shows it`, () => {
    const compiled = compileBuiltin(name, SEED, set);
    const fields = secondFields(compiled);
    const schema = toProtobufSchema(deriveRecordSchema(compiled));
    const { lines, payloads } = wireRun(compiled, 'protobuf', schema);
    const message = firstMessage(protobuf.parse(schema, { keepCase: true }).root)!;
    const decoded = payloads.map((p) => message.toObject(message.decode(p), { longs: Number }));
    assert.deepEqual(
      decoded.map((r) => instants(fields, r, false)),
      lines.map((l) => instants(fields, l, true)),
    );
  });
}
