import type { RecordBatch, Schema } from 'apache-arrow';
import { arrow } from './arrow.js';
import type { OutputSchema } from '../../engine/event.js';
import type { Row } from './row.js';
import type { RecordField, RecordSchema, RecordType } from '../../records/record-type.js';
import { writtenToTheSecond } from '../../time/time-text.js';
import { BoolColumn, DoubleColumn, int64Column, ListColumn, StringColumn, StructColumn, timestampColumn, type ColumnBuilder } from './column-builders.js';


/**
 * The Arrow columns of a scenario's records, typed from its record schema:
 * strings as Utf8, integers as Int64, decimals as Float64 (doubles, as the text formats
 * write them), booleans as Bool, timestamps as Timestamp(ms), UTC except `iso-local`
 * times (written without a zone), lists as List, and nested objects as Struct, whether
 * they come from dotted field names (`page_info.page_url`) or from an `object` value.
 */
export class RecordColumns {
  readonly schema: Schema;
  private readonly columns: readonly RowColumn[];
  /**
   * The top-level string columns, apart: most columns are strings, and a loop of its own
   * calls one builder class, whose append V8 inlines. Through the columns' closures, each
   * call went to one of five builder classes (docs/benchmarks.md, "Parquet and Arrow").
   */
  private readonly strings: readonly StringColumn[];
  /** The output column of each of `strings`. */
  private readonly stringValues: Int32Array;
  /** Every other column, as its closure appends it. */
  private readonly others: readonly RowColumn[];
  rows = 0;

  constructor(records: RecordSchema, output: OutputSchema) {
    this.columns = records.fields.map((field) => column(field, [field.name], output));
    const { Field, Schema } = arrow();
    this.schema = new Schema(records.fields.map((field, i) => new Field(field.name, this.columns[i].builder.type, field.nullable || field.optional)));
    const strings = this.columns.filter((c) => c.builder instanceof StringColumn && c.value >= 0);
    this.strings = strings.map((c) => c.builder as StringColumn);
    this.stringValues = Int32Array.from(strings, (c) => c.value);
    this.others = this.columns.filter((c) => !strings.includes(c));
  }

  append(row: Row): void {
    const values = row.values;
    const strings = this.strings;
    const stringValues = this.stringValues;
    for (let i = 0; i < strings.length; i++) strings[i].append(values[stringValues[i]]);
    const others = this.others;
    for (let i = 0; i < others.length; i++) others[i].append(row);
    this.rows++;
  }

  /** Bytes of the rows appended since the last batch (values, offsets, validity): what a size roll counts. */
  get bytes(): number {
    let sum = 0;
    for (const c of this.columns) sum += c.builder.bytes;
    return sum;
  }

  /** The rows appended since the last batch; its buffers are reused by the next append, so serialise it first. */
  batch(): RecordBatch {
    const length = this.rows;
    this.rows = 0;
    const children = this.columns.map((c) => c.builder.finish());
    const { makeData, RecordBatch, Struct } = arrow();
    return new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children }));
  }
}

/** A field's builder, and how a row's value goes into it. */
interface RowColumn {
  readonly builder: ColumnBuilder;
  /** The output column the builder takes its value from; -1 for a struct of dotted members. */
  readonly value: number;
  append(row: Row): void;
}

/** A field's column: its own output column, or (a dotted object) a struct of its members' columns. */
function column(field: RecordField, path: readonly string[], output: OutputSchema): RowColumn {
  const name = path.join('.');
  const index = output.indexOf(name);
  if (index >= 0) {
    const builder = builderFor(field.type, name);
    return { builder, value: index, append: (row) => builder.append(row.values[index]) };
  }
  if (field.type.kind !== 'object') throw new Error(`record field ${name} has no output column`);
  const members = field.type.fields.map((m) => ({ field: m, ...column(m, [...path, m.name], output) }));
  const memberColumns = new Set(output.fields.filter((f) => f.name.startsWith(`${name}.`)).map((f) => f.index));
  // Whether events of a layout carry the object: once per layout, not per event.
  const carried: boolean[] = [];
  const builder = new StructColumn(
    name,
    members.map((m) => ({ name: m.field.name, nullable: m.field.nullable || m.field.optional, builder: m.builder })),
  );
  // The object of one event is there when the event carries any of its members, as the text formats nest it;
  // its members go from the row to their columns, with no object made per event.
  const append = (row: Row): void => {
    const id = row.layout.id;
    const carries = (carried[id] ??= row.layout.columns.some((c) => memberColumns.has(c)));
    if (!carries) {
      builder.append(undefined);
      return;
    }
    for (let i = 0; i < members.length; i++) members[i].append(row);
    builder.appendPresent();
  };
  return { builder, value: -1, append };
}

function builderFor(type: RecordType, name: string): ColumnBuilder {
  switch (type.kind) {
    case 'string':
      return new StringColumn(name);
    case 'int':
      return int64Column(name);
    case 'decimal':
      return new DoubleColumn(name);
    case 'boolean':
      return new BoolColumn(name);
    case 'timestamp':
      return timestampColumn(name, type.format !== 'iso-local', writtenToTheSecond(type.format));
    case 'array':
      return new ListColumn(name, builderFor(type.items, `${name}[]`), type.itemsNullable);
    case 'object':
      return new StructColumn(
        name,
        type.fields.map((m) => ({ name: m.name, nullable: m.nullable || m.optional, builder: builderFor(m.type, `${name}.${m.name}`) })),
      );
  }
}
