import { readFileSync } from 'node:fs';
import type protobuf from 'protobufjs';
import { UsageError } from '../../errors.js';
import type { RecordField, RecordSchema, RecordType } from '../../records/record-type.js';
import { lazyPackage } from '../lazy-package.js';

const protobufjs = lazyPackage<typeof protobuf>('protobufjs');

/**
 * The message records are written as: the first top-level message of the file (inside its
 * package, if any), which the wire format's message indexes `[0]` name.
 */
export function firstMessage(root: protobuf.Namespace): protobuf.Type | undefined {
  for (const nested of root.nestedArray) {
    if (nested instanceof protobufjs().Type) return nested;
    if (nested instanceof protobufjs().Namespace) {
      const found = firstMessage(nested);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * A user's `.proto` in place of the derived one (`schema=FILE.proto` with `format=protobuf`).
 * Its first message may leave fields out, renumber them and pick wider scalar types; every
 * field it names must be a field of the records that its type can hold, and a field that
 * may be null or absent must be `optional` (proto3 cannot tell null from zero otherwise).
 * Each mismatch is one line. Returns the file's text, registered as it is.
 */
export function loadUserProto(where: string, file: string, records: RecordSchema): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError('BAD_FLAG', `${where}: cannot read the schema file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let message: protobuf.Type | undefined;
  try {
    const root = protobufjs().parse(text, { keepCase: true }).root;
    root.resolveAll();
    message = firstMessage(root);
  } catch (error) {
    throw new UsageError('BAD_FLAG', `${where}: not a .proto file protobufjs can read: ${(error as Error).message}`);
  }
  if (message === undefined) throw new UsageError('BAD_FLAG', `${where}: the file has no message; records are written as its first message`);
  const problems = messageProblems(message, records.fields, '');
  if (problems.length > 0) throw new UsageError('BAD_FLAG', problems.map((p) => `${where}: ${p}`).join('\n'));
  return text;
}

function messageProblems(message: protobuf.Type, fields: readonly RecordField[], prefix: string): string[] {
  const problems: string[] = [];
  for (const field of message.fieldsArray) {
    const name = `${prefix}${field.name}`;
    const derived = fields.find((f) => f.name === field.name);
    if (derived === undefined) {
      problems.push(`field ${name}: not a field of the scenario's records (they have ${fields.map((f) => f.name).join(', ')})`);
      continue;
    }
    if (derived.type.kind === 'array') {
      if (!field.repeated) problems.push(`field ${name}: the records hold a list; the field must be repeated`);
      else problems.push(...typeProblems(field, derived.type.items, name));
      continue;
    }
    if (field.repeated || field.map) {
      problems.push(`field ${name}: the records hold one value, the field is ${field.map ? 'a map' : 'repeated'}`);
      continue;
    }
    if ((derived.nullable || derived.optional) && !field.hasPresence) {
      problems.push(`field ${name}: may be ${derived.nullable ? 'null' : 'absent'} in the records; declare it optional`);
      continue;
    }
    problems.push(...typeProblems(field, derived.type, name));
  }
  return problems;
}

const WHOLE = ['int64', 'sint64', 'sfixed64', 'double'];

function typeProblems(field: protobuf.Field, derived: RecordType, name: string): string[] {
  const found = field.type;
  const expect = (expected: string, allowed: readonly string[]): string[] => (allowed.includes(found) ? [] : [`field ${name}: the records hold ${expected}, the field is ${found}`]);
  switch (derived.kind) {
    case 'string':
      return expect('text (string)', ['string']);
    case 'int':
      return expect('whole numbers (int64, sint64, sfixed64 or double)', WHOLE);
    case 'decimal':
      return expect('numbers with fractions (double)', ['double']);
    case 'boolean':
      return expect('booleans (bool)', ['bool']);
    case 'timestamp':
      return expect('timestamps (int64 epoch milliseconds)', ['int64', 'sint64', 'sfixed64']);
    case 'object':
      return field.resolvedType instanceof protobufjs().Type ? messageProblems(field.resolvedType, derived.fields, `${name}.`) : [`field ${name}: the records hold an object (a message), the field is ${found}`];
    case 'array':
      return [`field ${name}: lists of lists are not written as Protobuf`];
  }
}
