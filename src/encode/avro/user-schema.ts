import { readFileSync } from 'node:fs';
import type avro from 'avsc';
import { oneLineMessage, UsageError } from '../../errors.js';
import type { RecordField, RecordSchema, RecordType } from '../../records/record-type.js';
import { lazyPackage } from '../lazy-package.js';

const avsc = lazyPackage<typeof avro>('avsc');

/**
 * A user's `.avsc` in place of the derived schema. It may leave fields out, rename the
 * record, turn a string into an enum or an integer into a double; every field it names
 * must be a field of the scenario that its type can hold. Each mismatch is one line.
 */
export function loadUserAvroSchema(where: string, file: string, records: RecordSchema): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError('BAD_FLAG', `${where}: cannot read the schema file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError('BAD_FLAG', `${where}: not JSON: ${oneLineMessage(error)}`);
  }
  let type: avro.Type;
  try {
    type = avsc().Type.forSchema(json as avro.Schema);
  } catch (error) {
    throw new UsageError('BAD_FLAG', `${where}: not an Avro schema: ${(error as Error).message}`);
  }
  if (!(type instanceof avsc().types.RecordType)) throw new UsageError('BAD_FLAG', `${where}: the schema must be a record, not ${type.typeName}`);
  const problems = recordProblems(type, records.fields, '');
  if (problems.length > 0) throw new UsageError('BAD_FLAG', problems.map((p) => `${where}: ${p}`).join('\n'));
  return json as Record<string, unknown>;
}

function recordProblems(type: avro.types.RecordType, fields: readonly RecordField[], prefix: string): string[] {
  const problems: string[] = [];
  for (const field of type.fields) {
    const name = `${prefix}${field.name}`;
    const derived = fields.find((f) => f.name === field.name);
    if (derived === undefined) {
      problems.push(`field ${name}: not a field of the scenario's records (they have ${fields.map((f) => f.name).join(', ')})`);
      continue;
    }
    problems.push(...fieldProblems(field.type, derived, name));
  }
  return problems;
}

function fieldProblems(type: avro.Type, field: RecordField, name: string): string[] {
  let branch = type;
  if (type instanceof avsc().types.UnwrappedUnionType || type instanceof avsc().types.WrappedUnionType) {
    const types = (type as unknown as { types: avro.Type[] }).types;
    const others = types.filter((t) => t.typeName !== 'null');
    if (others.length !== 1) return [`field ${name}: a union must be of null and one other type`];
    branch = others[0];
  } else if (field.nullable || field.optional) {
    return [`field ${name}: may be ${field.nullable ? 'null' : 'absent'} in the records; its type must be a union with "null"`];
  }
  return typeProblems(branch, field.type, name);
}

function typeProblems(type: avro.Type, derived: RecordType, name: string): string[] {
  const found = type.typeName;
  const mismatch = (expected: string): string[] => [`field ${name}: the records hold ${expected}, the schema says ${found}`];
  switch (derived.kind) {
    case 'string':
      if (found === 'string') return [];
      if (type instanceof avsc().types.EnumType) {
        if (derived.values === undefined) return [`field ${name}: the records hold any text, an enum cannot hold it`];
        const missing = derived.values.filter((v) => !type.symbols.includes(v));
        return missing.length === 0 ? [] : [`field ${name}: the enum lacks ${missing.map((v) => JSON.stringify(v)).join(', ')}`];
      }
      return mismatch('text (string or enum)');
    case 'int':
      return found === 'long' || found === 'double' ? [] : mismatch('integers (long or double)');
    case 'decimal':
      return found === 'double' ? [] : mismatch('numbers with fractions (double)');
    case 'boolean':
      return found === 'boolean' ? [] : mismatch('booleans');
    case 'timestamp':
      return found === 'long' ? [] : mismatch('timestamps (long, epoch milliseconds)');
    case 'object':
      return type instanceof avsc().types.RecordType ? recordProblems(type, derived.fields, `${name}.`) : mismatch('an object (record)');
    case 'array': {
      if (!(type instanceof avsc().types.ArrayType)) return mismatch('a list (array)');
      return fieldProblems(type.itemsType, { name: `${name}[]`, type: derived.items, nullable: derived.itemsNullable, optional: false }, `${name}[]`);
    }
  }
}
