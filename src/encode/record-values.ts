import type { FieldValue, Layout, OutputSchema } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import type { RecordField, RecordSchema, RecordType } from '../records/record-type.js';
import { writtenToTheSecond } from '../time/time-text.js';

/** Reads one field of an event's column values as the plain value a schema library encodes. */
type Reader = (values: readonly FieldValue[]) => unknown;

/**
 * Events as plain objects shaped by the record schema, for binary encoders (Avro,
 * Protobuf): every field of the schema is present, null where the event has no value;
 * interned values are strings; timestamps stay epoch milliseconds. One plan per layout,
 * built on first use, so an event costs one object per record and nested object.
 */
export class RecordValues {
  private readonly plans: (Reader | undefined)[] = [];

  constructor(
    private readonly output: OutputSchema,
    private readonly records: RecordSchema,
  ) {}

  read(layout: Layout, values: readonly FieldValue[]): Record<string, unknown> {
    const plan = this.plans[layout.id] ?? (this.plans[layout.id] = this.compile(layout));
    return plan(values) as Record<string, unknown>;
  }

  private compile(layout: Layout): Reader {
    const present = new Set(layout.columns);
    return this.objectReader(this.records.fields, [], present);
  }

  private objectReader(fields: readonly RecordField[], prefix: readonly string[], present: ReadonlySet<number>): Reader {
    const names = fields.map((f) => f.name);
    const readers = fields.map((f) => this.fieldReader(f, [...prefix, f.name], present));
    const n = names.length;
    return (values) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) out[names[i]] = readers[i](values);
      return out;
    };
  }

  private fieldReader(field: RecordField, path: readonly string[], present: ReadonlySet<number>): Reader {
    const column = this.output.indexOf(path.join('.'));
    if (column >= 0) {
      if (!present.has(column)) return () => null;
      const convert = converterFor(field.type);
      return (values) => {
        const v = values[column];
        return v === undefined || v === null ? null : convert(v);
      };
    }
    // Members of a dotted group: the object is there when the event has any of them.
    const prefix = `${path.join('.')}.`;
    const hasMember = this.output.fields.some((f) => f.name.startsWith(prefix) && present.has(f.index));
    if (!hasMember || field.type.kind !== 'object') return () => null;
    return this.objectReader(field.type.fields, path, present);
  }
}

/** Converts a value of `type` as the engine holds it (Syms, nested objects with Syms) to plain values. */
function converterFor(type: RecordType): (value: unknown) => unknown {
  switch (type.kind) {
    case 'string':
      return (v) => (v instanceof Sym ? v.text : String(v));
    case 'object': {
      const fields = type.fields.map((f) => [f.name, converterFor(f.type)] as const);
      return (v) => {
        const source = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [name, convert] of fields) {
          const member = source[name];
          out[name] = member === undefined || member === null ? null : convert(member);
        }
        return out;
      };
    }
    case 'array': {
      const item = converterFor(type.items);
      return (v) => (v as readonly unknown[]).map((x) => (x === null || x === undefined ? null : item(x)));
    }
    // A time the text formats write to the second is stored to the second, as Avro and Parquet store it.
    case 'timestamp':
      return writtenToTheSecond(type.format) ? (v) => (typeof v === 'number' ? Math.floor(v / 1000) * 1000 : v) : (v) => v;
    default:
      return (v) => v;
  }
}
