import { UsageError } from '../errors.js';
import type { RecordField, RecordSchema, RecordType } from './record-type.js';

/** An Avro schema in its JSON form (records, enums, arrays, unions, primitive names). */
export type AvroSchema = string | readonly AvroSchema[] | { readonly [key: string]: unknown };

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const AVRO_NAMESPACE = 'clickgen';

/**
 * The Avro schema of a scenario's records. A field that may be null or absent is a union
 * with null first (default null); timestamps are longs of epoch milliseconds with the
 * timestamp-millis logical type (local-timestamp-millis for `iso-local`, which has no
 * zone); a fixed list of names is an enum (a list with values that are not Avro names,
 * such as "Magic 8-ball", stays a string).
 */
export function toAvroSchema(schema: RecordSchema): Record<string, unknown> {
  return { type: 'record', name: avroTypeName(schema.name), namespace: AVRO_NAMESPACE, fields: fieldsOf(schema.fields, avroTypeName(schema.name)) };
}

/** A scenario name as an Avro type name: `gift-shop` → `GiftShop`. */
export function avroTypeName(name: string): string {
  const pascal = name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return /^[A-Za-z_]/.test(pascal) ? pascal : `_${pascal}`;
}

function fieldsOf(fields: readonly RecordField[], parent: string): Record<string, unknown>[] {
  return fields.map((field) => {
    if (!AVRO_NAME.test(field.name)) {
      throw new UsageError('BAD_FLAG', `field "${field.name}" is not an Avro name (letters, digits and _, not starting with a digit); rename it in the scenario`);
    }
    const type = typeOf(field.type, `${parent}_${field.name}`);
    return field.nullable || field.optional ? { name: field.name, type: ['null', type], default: null } : { name: field.name, type };
  });
}

function typeOf(type: RecordType, name: string): AvroSchema {
  switch (type.kind) {
    case 'string':
      if (type.values !== undefined && type.values.length > 0 && type.values.every((v) => AVRO_NAME.test(v))) return { type: 'enum', name, symbols: [...type.values] };
      return type.format === 'uuid' ? { type: 'string', logicalType: 'uuid' } : 'string';
    case 'int':
      return 'long';
    case 'decimal':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return { type: 'long', logicalType: type.format === 'iso-local' ? 'local-timestamp-millis' : 'timestamp-millis' };
    case 'object':
      return { type: 'record', name, fields: fieldsOf(type.fields, name) };
    case 'array': {
      const items = typeOf(type.items, `${name}_item`);
      return { type: 'array', items: type.itemsNullable ? ['null', items] : items };
    }
  }
}
