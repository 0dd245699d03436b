import type { RecordField, RecordSchema, RecordType } from './record-type.js';
import { avroTypeName } from './avro-schema.js';

export const PROTOBUF_PACKAGE = 'clickgen';

/**
 * A proto3 file for a scenario's records. Fields are numbered in output order (a drifted
 * schema keeps its fields' numbers and reserves the removed ones); a field
 * that may be null or absent is `optional` (null is "not set"); nested objects are nested
 * messages; timestamps are int64 epoch milliseconds; enums are strings (proto enums need a
 * zero value and names unique in the package, which scenario values do not promise).
 */
export function toProtobufSchema(schema: RecordSchema): string {
  const lines = ['syntax = "proto3";', '', `package ${PROTOBUF_PACKAGE};`, ''];
  message(avroTypeName(schema.name), schema.fields, '', lines);
  return lines.join('\n');
}

function message(name: string, fields: readonly RecordField[], indent: string, lines: string[]): void {
  lines.push(`${indent}message ${name} {`);
  fields.forEach((field, i) => {
    let type = scalar(field.type);
    if (field.type.kind === 'object' || (field.type.kind === 'array' && field.type.items.kind === 'object')) {
      type = avroTypeName(field.name);
      message(type, field.type.kind === 'object' ? field.type.fields : (field.type.items as Extract<RecordType, { kind: 'object' }>).fields, `${indent}  `, lines);
    }
    const label = field.type.kind === 'array' ? 'repeated ' : field.nullable || field.optional ? 'optional ' : '';
    const note = field.type.kind === 'timestamp' ? ' // epoch milliseconds' : '';
    lines.push(`${indent}  ${label}${type} ${field.name} = ${field.tag ?? i + 1};${note}`);
  });
  // Numbers of fields a drift removed stay reserved, as a schema that evolves keeps them.
  const used = new Set(fields.map((field, i) => field.tag ?? i + 1));
  const reserved = Array.from({ length: Math.max(0, ...used) }, (_, i) => i + 1).filter((n) => !used.has(n));
  if (reserved.length > 0) lines.push(`${indent}  reserved ${reserved.join(', ')};`);
  lines.push(`${indent}}`);
}

function scalar(type: RecordType): string {
  switch (type.kind) {
    case 'string':
      return 'string';
    case 'int':
    case 'timestamp':
      return 'int64';
    case 'decimal':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'array':
      return scalar(type.items);
    case 'object':
      return '';
  }
}
