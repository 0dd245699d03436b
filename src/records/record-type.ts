import type { TimeFormat } from '../engine/event.js';

/**
 * A neutral description of the records `generate` writes, derived from a scenario
 * (derive.ts) and rendered into the schema languages of other tools (JSON Schema, Avro,
 * Protobuf, Spark DDL, SQL) and into typed columns (Parquet, Arrow).
 *
 * - `string`: text; `values` when it is one of a fixed list (an enum), `format` when it is
 *   a UUID or an IPv4 address.
 * - `int`: a whole number (64 bits: epoch values, user numbers).
 * - `decimal`: a number that may have a fraction (a double).
 * - `timestamp`: an instant held as epoch milliseconds, written in `format`
 *   (ISO text or epoch numbers) by the text formats.
 * - `object`: nested fields (dotted field names and `object` sources).
 * - `array`: a list of items of one type.
 */
export type RecordType =
  | { readonly kind: 'string'; readonly values?: readonly string[]; readonly format?: 'uuid' | 'ipv4' }
  | { readonly kind: 'int' }
  | { readonly kind: 'decimal' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'timestamp'; readonly format: TimeFormat }
  | { readonly kind: 'object'; readonly fields: readonly RecordField[] }
  | { readonly kind: 'array'; readonly items: RecordType; readonly itemsNullable: boolean };

export interface RecordField {
  readonly name: string;
  readonly type: RecordType;
  /** The value may be null. */
  readonly nullable: boolean;
  /** The field may be left out of a record (a state without it, `missing_rate`, a variable not yet set). */
  readonly optional: boolean;
  /**
   * Its number in a Protobuf message, when that is not its position: a drifted schema keeps
   * the numbers of the fields it kept and never reuses one it removed (faults/drift-shapes.ts).
   */
  readonly tag?: number;
}

/** The records of one scenario: its name and top-level fields in output order. */
export interface RecordSchema {
  readonly name: string;
  readonly fields: readonly RecordField[];
}

/**
 * What is known of a value while deriving: its type (null when only null was seen, or
 * nothing at all), whether it may be null and whether it may be absent.
 */
export interface Shape {
  readonly type: RecordType | null;
  readonly nullable: boolean;
  readonly optional: boolean;
}

export const NULL_SHAPE: Shape = { type: null, nullable: true, optional: false };
export const ABSENT_SHAPE: Shape = { type: null, nullable: false, optional: true };

export function shapeOf(type: RecordType, nullable = false, optional = false): Shape {
  return { type, nullable, optional };
}

/** A value that is one of two shapes, e.g. the same field written by two states. */
export function mergeShapes(a: Shape, b: Shape, where: string): Shape {
  return {
    type: a.type === null ? b.type : b.type === null ? a.type : mergeTypes(a.type, b.type, where),
    nullable: a.nullable || b.nullable,
    optional: a.optional || b.optional,
  };
}

/** The least type holding values of both: int and decimal give decimal, two enums their union. */
export function mergeTypes(a: RecordType, b: RecordType, where: string): RecordType {
  if (a.kind === 'int' && b.kind === 'decimal') return b;
  if (a.kind === 'decimal' && b.kind === 'int') return a;
  if (a.kind !== b.kind) throw new Error(`${where} is ${describe(a)} in one place and ${describe(b)} in another; a record field has one type`);
  switch (a.kind) {
    case 'string': {
      const other = b as typeof a;
      const values = a.values !== undefined && other.values !== undefined ? unionOf(a.values, other.values) : undefined;
      const format = a.format === other.format ? a.format : undefined;
      return { kind: 'string', ...(values === undefined ? {} : { values }), ...(format === undefined ? {} : { format }) };
    }
    case 'timestamp': {
      const other = b as typeof a;
      if (a.format !== other.format) throw new Error(`${where} is a timestamp written as ${a.format} in one place and as ${other.format} in another`);
      return a;
    }
    case 'object':
      return { kind: 'object', fields: mergeFields(a.fields, (b as typeof a).fields, where) };
    case 'array': {
      const other = b as typeof a;
      return { kind: 'array', items: mergeTypes(a.items, other.items, `${where}[]`), itemsNullable: a.itemsNullable || other.itemsNullable };
    }
    default:
      return a;
  }
}

/**
 * The values of two enums, the first's in its order and then the second's new ones. The
 * first list comes back itself when the second adds nothing, as when an enum of a catalog
 * column's thousands of values meets one of its own values again.
 */
function unionOf(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a === b) return a;
  const seen = new Set(a);
  const added = b.filter((value) => !seen.has(value) && seen.add(value) !== undefined);
  return added.length === 0 ? a : [...a, ...added];
}

/** Fields of two objects: a field only one of them has is optional. */
function mergeFields(a: readonly RecordField[], b: readonly RecordField[], where: string): RecordField[] {
  const out: RecordField[] = [];
  for (const field of a) {
    const match = b.find((f) => f.name === field.name);
    if (match === undefined) out.push({ ...field, optional: true });
    else out.push(toField(field.name, mergeShapes(field, match, `${where}.${field.name}`)));
  }
  for (const field of b) if (!a.some((f) => f.name === field.name)) out.push({ ...field, optional: true });
  return out;
}

/** More values than this make a plain string, not an enum: a catalog's product names are data, not a vocabulary. */
export const MAX_ENUM_VALUES = 256;

/** A finished field; a value that is only ever null is described as a nullable string. */
export function toField(name: string, shape: Shape): RecordField {
  return { name, type: finish(shape.type ?? { kind: 'string' }), nullable: shape.nullable || shape.type === null, optional: shape.optional };
}

function finish(type: RecordType): RecordType {
  if (type.kind === 'string' && type.values !== undefined && type.values.length > MAX_ENUM_VALUES) return type.format === undefined ? { kind: 'string' } : { kind: 'string', format: type.format };
  return type;
}

function describe(type: RecordType): string {
  return type.kind === 'int' || type.kind === 'object' || type.kind === 'array' ? `an ${type.kind === 'int' ? 'integer' : type.kind}` : `a ${type.kind}`;
}
