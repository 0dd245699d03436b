import type { CompiledScenario } from '../../scenario/compile.js';
import { toAvroSchema } from '../../records/avro-schema.js';
import { deriveRecordSchema } from '../../records/derive.js';
import { AvroContainerEncoder, syncMarker } from './container-encoder.js';
import type { AvroCodecName } from './codecs.js';
import { loadUserAvroSchema } from './user-schema.js';

export interface AvroFileOptions {
  /** Block compression (default deflate). */
  readonly codec?: AvroCodecName;
  /** A user's `.avsc` to write with instead of the derived schema. */
  readonly schemaFile?: string;
}

/** The encoder of `--format avro`: the scenario's records in an Avro container file. */
export function createAvroEncoder(scenario: CompiledScenario, options: AvroFileOptions): AvroContainerEncoder {
  const records = deriveRecordSchema(scenario);
  const avroSchema = options.schemaFile === undefined ? toAvroSchema(records) : loadUserAvroSchema(`--avro-schema ${options.schemaFile}`, options.schemaFile, records);
  return new AvroContainerEncoder(scenario.schema, { codec: options.codec ?? 'deflate', sync: syncMarker(scenario.seed, scenario.name), avroSchema });
}
