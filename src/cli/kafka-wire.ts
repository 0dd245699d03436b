import { AvroOutput } from '../encode/avro/record-writer.js';
import { WireEncoder, type WirePayloadFormat } from '../encode/wire/wire-encoder.js';
import type { Encoder } from '../encode/types.js';
import { AVRO_NAMESPACE, avroTypeName, toAvroSchema } from '../records/avro-schema.js';
import { deriveRecordSchema } from '../records/derive.js';
import { toJsonSchema } from '../records/json-schema.js';
import { toProtobufSchema } from '../records/protobuf-schema.js';
import type { RecordSchema } from '../records/record-type.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { kafkaDefaultsFrom } from '../sinks/kafka.js';
import { parseKafkaTarget, type KafkaTarget, type SubjectStrategy } from '../sinks/kafka-target.js';
import { registerSchema, type RegistrySchemaType } from '../sinks/schema-registry.js';
import { loadUserAvroSchema } from '../encode/avro/user-schema.js';
import { firstMessage, loadUserProto } from '../encode/wire/user-proto.js';
import { lazyPackage } from '../encode/lazy-package.js';
import { UsageError } from '../errors.js';
import { driftEncoder, type DriftPlan } from '../faults/drift-run.js';
import type avro from 'avsc';
import type protobuf from 'protobufjs';

const avsc = lazyPackage<typeof avro>('avsc');
const protobufjs = lazyPackage<typeof protobuf>('protobufjs');

/** How long one registry request may take. */
const REGISTRY_TIMEOUT_MS = 10_000;

const SCHEMA_TYPES: Record<WirePayloadFormat, RegistrySchemaType> = { avro: 'AVRO', protobuf: 'PROTOBUF', 'json-schema': 'JSON' };

/** The Kafka target of `-o` when it asks for the Confluent wire format (`format=`); else null. */
export function wireTargetOf(output: string | undefined, compiled: CompiledScenario, env: Readonly<Record<string, string | undefined>>): KafkaTarget | null {
  if (output === undefined || !/^kafka:\/\//i.test(output)) return null;
  const target = parseKafkaTarget(output, kafkaDefaultsFrom(compiled.sinks.kafka), env);
  return target.wire === undefined ? null : target;
}

/**
 * Registers the scenario's record schema for `target` and returns the encoder that frames
 * records with its id, and with `key_format=avro` how keys are framed.
 */
export async function wireEncoderFor(target: KafkaTarget, compiled: CompiledScenario, drift: DriftPlan | null = null): Promise<{ encoder: Encoder; keyBytes?: (text: string) => Buffer; schemaIds: number[] }> {
  const wire = target.wire!;
  const registry = { url: wire.registry, auth: wire.auth, timeoutMs: REGISTRY_TIMEOUT_MS };
  if (drift !== null && wire.schemaFile !== undefined) {
    throw new UsageError('BAD_FLAG', `schema=${wire.schemaFile} with faults.drift: a schema file describes one shape of the records; leave schema= out and the drifted versions are derived from the scenario`);
  }
  const shapes = drift?.shapes ?? [{ version: 0, output: compiled.schema, records: deriveRecordSchema(compiled) }];
  const texts = shapes.map((shape) => schemaText(shape.records, wire.format, wire.schemaFile));
  const subject = subjectName(wire.subject, target.topic, recordName(shapes[0].records, wire.format, texts[0]));
  // Every version is registered before the first record is written, in order: each drifted
  // version becomes the subject's next, and a refusal leaves nothing written.
  const schemaIds: number[] = [];
  for (const text of texts) schemaIds.push(await registerSchema(registry, subject, text, SCHEMA_TYPES[wire.format]));
  const make = (shape: (typeof shapes)[number]): Encoder => new WireEncoder(shape.output, shape.records, wire.format, schemaIds[shape.version], texts[shape.version]);
  const encoder = drift === null ? make(shapes[0]) : driftEncoder(drift, make);
  if (wire.keyFormat === 'string') return { encoder, schemaIds };
  const keyId = await registerSchema(registry, `${target.topic}-key`, '"string"', 'AVRO');
  return { encoder, keyBytes: (key) => avroStringKey(keyId, key), schemaIds };
}

/** A key as the Confluent Avro serializer writes a string: magic byte, schema id, length, UTF-8. */
function avroStringKey(id: number, key: string): Buffer {
  const text = Buffer.from(key, 'utf8');
  const out = new AvroOutput();
  out.long(text.length);
  const head = Buffer.alloc(5);
  head.writeUInt32BE(id, 1);
  return Buffer.concat([head, out.bytes.subarray(0, out.pos), text]);
}

/** The schema registered and written with: the derived one, or the user's `schema=` file once it was checked against the records. */
function schemaText(records: RecordSchema, format: WirePayloadFormat, file: string | undefined): string {
  const where = `schema=${file}`;
  if (format === 'avro') return JSON.stringify(file === undefined ? toAvroSchema(records) : loadUserAvroSchema(where, file, records));
  if (format === 'protobuf') return file === undefined ? toProtobufSchema(records) : loadUserProto(where, file, records);
  return JSON.stringify(toJsonSchema(records));
}

/** The full name of the record the schema describes (RecordNameStrategy's subject). */
function recordName(records: RecordSchema, format: WirePayloadFormat, text: string): string {
  if (format === 'protobuf') {
    const message = firstMessage(protobufjs().parse(text, { keepCase: true }).root)!;
    return message.fullName.replace(/^\./, '');
  }
  if (format === 'avro') {
    const type = avsc().Type.forSchema(JSON.parse(text) as avro.Schema);
    return type.name ?? `${AVRO_NAMESPACE}.${avroTypeName(records.name)}`;
  }
  return `${AVRO_NAMESPACE}.${avroTypeName(records.name)}`;
}

/** The subject of the value schema under Confluent's three naming strategies. */
export function subjectName(strategy: SubjectStrategy, topic: KafkaTarget['topic'], recordName: string): string {
  if (strategy === 'topic') return `${topic}-value`;
  if (strategy === 'record') return recordName;
  return `${topic}-${recordName}`;
}
