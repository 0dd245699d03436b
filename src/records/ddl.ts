import type { RecordField, RecordSchema, RecordType } from './record-type.js';

/**
 * Column types for SQL engines. Spark's DDL (`from_json`, `DataFrameReader.schema`) and
 * DuckDB's `CREATE TABLE` read the NDJSON records as written: ISO timestamps are
 * TIMESTAMP, epoch timestamps stay BIGINT (the numbers as written), nested objects are
 * structs and lists arrays.
 */
export function toSparkDdl(schema: RecordSchema): string {
  return schema.fields.map((f) => `${sparkName(f.name)} ${sparkType(f.type)}`).join(', ');
}

/** Quoted always: field names such as `timestamp` or `type` are keywords to Spark's parser. */
function sparkName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

function sparkType(type: RecordType): string {
  switch (type.kind) {
    case 'object':
      return `STRUCT<${type.fields.map((f) => `${sparkName(f.name)}: ${sparkType(f.type)}`).join(', ')}>`;
    case 'array':
      return `ARRAY<${sparkType(type.items)}>`;
    default:
      return scalarType(type);
  }
}

/** A DuckDB table for the records: a field that is never null nor absent is NOT NULL. */
export function toSqlDdl(schema: RecordSchema, table = schema.name): string {
  const columns = schema.fields.map((f) => `  ${sqlName(f.name)} ${sqlType(f.type)}${notNull(f)}`);
  return `CREATE TABLE ${sqlName(table)} (\n${columns.join(',\n')}\n);`;
}

function notNull(field: RecordField): string {
  return field.nullable || field.optional ? '' : ' NOT NULL';
}

function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function sqlType(type: RecordType): string {
  switch (type.kind) {
    case 'object':
      return `STRUCT(${type.fields.map((f) => `${sqlName(f.name)} ${sqlType(f.type)}`).join(', ')})`;
    case 'array':
      return `${sqlType(type.items)}[]`;
    default:
      return scalarType(type).replace('STRING', 'VARCHAR');
  }
}

function scalarType(type: Exclude<RecordType, { kind: 'object' | 'array' }>): string {
  switch (type.kind) {
    case 'string':
      return 'STRING';
    case 'int':
      return 'BIGINT';
    case 'decimal':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'timestamp':
      return type.format === 'epoch-ms' || type.format === 'epoch-s' ? 'BIGINT' : 'TIMESTAMP';
  }
}
