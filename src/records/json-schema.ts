import type { RecordField, RecordSchema, RecordType } from './record-type.js';

/** JSON Schema (draft 2020-12) of the NDJSON records: what `generate --format ndjson` writes. */
export function toJsonSchema(schema: RecordSchema): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${schema.name} record`,
    ...objectSchema(schema.fields),
  };
}

function objectSchema(fields: readonly RecordField[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f.type, f.nullable)])),
    required: fields.filter((f) => !f.optional).map((f) => f.name),
    additionalProperties: false,
  };
}

function fieldSchema(type: RecordType, nullable: boolean): Record<string, unknown> {
  const schema = typeSchema(type);
  if (!nullable) return schema;
  const withNull = { ...schema, type: [schema.type, 'null'] };
  return 'enum' in schema ? { ...withNull, enum: [...(schema.enum as unknown[]), null] } : withNull;
}

/** ISO text without a zone designator (`iso-local`): not a JSON Schema date-time, which needs one. */
const LOCAL_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}$';
/** SQL's timestamp text (`sql`), UTC without a zone designator. */
const SQL_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}$';

function typeSchema(type: RecordType): Record<string, unknown> {
  switch (type.kind) {
    case 'string':
      if (type.values !== undefined) return { type: 'string', enum: [...type.values] };
      return type.format === undefined ? { type: 'string' } : { type: 'string', format: type.format };
    case 'int':
      return { type: 'integer' };
    case 'decimal':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'timestamp':
      if (type.format === 'epoch-ms' || type.format === 'epoch-s') return { type: 'integer', description: `timestamp, ${type.format}` };
      if (type.format === 'iso-local') return { type: 'string', pattern: LOCAL_DATE_TIME, description: 'timestamp, UTC without a zone designator' };
      if (type.format === 'sql') return { type: 'string', pattern: SQL_DATE_TIME, description: 'timestamp as SQL text, UTC' };
      return { type: 'string', format: 'date-time' };
    case 'object':
      return objectSchema(type.fields);
    case 'array':
      return { type: 'array', items: fieldSchema(type.items, type.itemsNullable) };
  }
}
