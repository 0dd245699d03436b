import { UsageError } from '../errors.js';
import { toAvroSchema } from './avro-schema.js';
import { toSparkDdl, toSqlDdl } from './ddl.js';
import { toJsonSchema } from './json-schema.js';
import { toProtobufSchema } from './protobuf-schema.js';
import type { RecordSchema } from './record-type.js';

/** The schema languages `clickgen schema --records --as` speaks. */
export const RECORD_SCHEMA_LANGUAGES = ['json-schema', 'avro', 'protobuf', 'spark-ddl', 'sql'] as const;
export type RecordSchemaLanguage = (typeof RECORD_SCHEMA_LANGUAGES)[number];

export function parseSchemaLanguage(flag: string, text: string): RecordSchemaLanguage {
  if ((RECORD_SCHEMA_LANGUAGES as readonly string[]).includes(text)) return text as RecordSchemaLanguage;
  throw new UsageError('BAD_FLAG', `${flag} ${text}: not a schema language; use one of ${RECORD_SCHEMA_LANGUAGES.join(', ')}`);
}

/** The record schema as text in `language`, ending without a newline. */
export function renderRecordSchema(schema: RecordSchema, language: RecordSchemaLanguage): string {
  switch (language) {
    case 'json-schema':
      return JSON.stringify(toJsonSchema(schema), null, 2);
    case 'avro':
      return JSON.stringify(toAvroSchema(schema), null, 2);
    case 'protobuf':
      return toProtobufSchema(schema);
    case 'spark-ddl':
      return toSparkDdl(schema);
    case 'sql':
      return toSqlDdl(schema);
  }
}
