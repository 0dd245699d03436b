import type { EventView, FieldSpec, FieldValue, Layout, OutputSchema } from '../engine/event.js';
import type { Sym } from '../engine/sym.js';
import { timestampValue } from '../encode/timestamps.js';
import { UsageError } from '../errors.js';
import type { RecordField, RecordSchema, RecordType } from '../records/record-type.js';
import type { Drift, DriftType } from '../scenario/schema.js';
import type { DriftVersion } from './drift-versions.js';

/** A value as one drifted shape writes it. */
type Convert = (value: FieldValue) => FieldValue;

/**
 * The records of one version: its output columns (for the encoders), its record schema
 * (for the schema languages and the registry) and how an event of the scenario becomes
 * an event of this shape.
 */
export interface DriftShape {
  readonly version: number;
  readonly output: OutputSchema;
  readonly records: RecordSchema;
  /** The event as this shape writes it; version 0 returns the event itself. The result is reused. */
  readonly map: (event: EventView) => EventView;
}

/** What each scenario value type can become, and how: kinds of the record schema (record-type.ts). */
const CONVERSIONS: Readonly<Record<string, Partial<Record<DriftType, (field: FieldSpec) => Convert>>>> = {
  int: { string: () => textOf, decimal: () => same },
  decimal: { string: () => textOf, int: () => (v) => (typeof v === 'number' ? Math.round(v) : v) },
  boolean: { string: () => textOf },
  timestamp: { string: (field) => (v) => (typeof v === 'number' && field.time !== undefined ? textOf(timestampValue(v, field.time)) : v) },
};

const same: Convert = (v) => v;

function textOf(value: FieldValue): FieldValue {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/**
 * Every shape of the run's records, version 0 (the scenario's) first. Each version applies
 * its changes to the one before. Columns keep their indexes (a removed column is left out
 * of every layout, an added one comes after the scenario's), so an event's values are
 * copied once and changed in place. `where` names the scenario in messages.
 */
export function driftShapes(output: OutputSchema, records: RecordSchema, versions: readonly DriftVersion[], where: string): DriftShape[] {
  const shapes: DriftShape[] = [{ version: 0, output, records, map: (event) => event }];
  const highestTag = new Map<string, number>();
  let state: Working = { fields: [...output.fields], layouts: output.layouts.map((l) => ({ id: l.id, columns: [...l.columns] })), records: numbered(records.fields, '', highestTag), converts: new Map(), constants: new Map(), highestTag };
  for (const version of versions) {
    state = { fields: [...state.fields], layouts: state.layouts.map((l) => ({ id: l.id, columns: [...l.columns] })), records: state.records, converts: new Map(state.converts), constants: new Map(state.constants), highestTag };
    for (const { index, drift } of version.changes) apply(state, drift, `${where}: faults.drift[${index}]`);
    shapes.push(shapeOf(version.version, state, records.name));
  }
  return shapes;
}

interface Working {
  /** By column index; a removed column keeps its slot, out of every layout and unnamed. */
  fields: (FieldSpec | null)[];
  layouts: { id: number; columns: number[] }[];
  records: readonly RecordField[];
  converts: Map<number, Convert>;
  constants: Map<number, FieldValue>;
  /** The highest Protobuf field number each object (by dotted path, '' the record) has used: an added field takes the next. */
  readonly highestTag: Map<string, number>;
}

/** The fields numbered by their position, nested objects too, noting each object's highest number. */
function numbered(fields: readonly RecordField[], path: string, highest: Map<string, number>): RecordField[] {
  highest.set(path, fields.length);
  return fields.map((field, i) => {
    const inner = field.type.kind === 'object' ? { type: { kind: 'object' as const, fields: numbered(field.type.fields, path === '' ? field.name : `${path}.${field.name}`, highest) } } : {};
    return { ...field, ...inner, tag: i + 1 };
  });
}

function apply(state: Working, drift: Drift, where: string): void {
  const column = state.fields.findIndex((f) => f?.name === drift.field);
  const path = drift.field.split('.');
  // The rules checked names against the scenario's fields; a segment's own fields are checked here.
  if (drift.change !== 'add' && column < 0) throw new UsageError('SCENARIO_INVALID', `${where}.field: no field "${drift.field}" in the records at this point`);
  switch (drift.change) {
    case 'add': {
      const index = state.fields.length;
      state.fields.push({ index, name: drift.field, path });
      state.constants.set(index, drift.value as FieldValue);
      const parent = `${path.slice(0, -1).join('.')}.`;
      for (const layout of state.layouts) {
        let after = -1;
        if (path.length > 1) layout.columns.forEach((c, i) => state.fields[c]!.name.startsWith(parent) && (after = i));
        layout.columns.splice(after < 0 ? layout.columns.length : after + 1, 0, index);
      }
      state.records = addField(state.records, path, { name: path.at(-1)!, type: typeOfValue(drift.value), nullable: drift.value === null, optional: false }, state.highestTag);
      return;
    }
    case 'remove':
      state.fields[column] = null;
      for (const layout of state.layouts) layout.columns = layout.columns.filter((c) => c !== column);
      state.records = editField(state.records, path, () => null);
      return;
    case 'rename': {
      const to = drift.to.split('.');
      state.fields[column] = { ...state.fields[column]!, name: drift.to, path: to };
      state.records = editField(state.records, path, (f) => ({ ...f, name: to.at(-1)! }));
      return;
    }
    case 'type': {
      const field = state.fields[column]!;
      const type = findField(state.records, path)?.type;
      const kind = type?.kind === 'string' ? 'string' : type?.kind;
      const convert = kind === undefined ? undefined : CONVERSIONS[kind]?.[drift.to];
      if (convert === undefined) {
        const can = kind === undefined ? undefined : CONVERSIONS[kind];
        const valid = can === undefined ? 'it cannot change type' : `it can change to ${Object.keys(can).join(' or ')}`;
        throw new UsageError('SCENARIO_INVALID', `${where}.to: ${drift.field} is ${kind === undefined ? 'written in no event' : `a ${kind}`}, which drift cannot turn into ${drift.to === "int" ? "an" : "a"} ${drift.to}; ${valid}`);
      }
      const before = state.converts.get(column) ?? same;
      const next = convert(field);
      state.converts.set(column, (v) => next(before(v)));
      // Written as a plain value from now on: a timestamp turned into text is text.
      state.fields[column] = { index: field.index, name: field.name, path: field.path, ...(field.steady === undefined ? {} : { steady: field.steady }) };
      state.records = editField(state.records, path, (f) => ({ ...f, type: { kind: drift.to } as RecordType }));
      return;
    }
  }
}

function shapeOf(version: number, state: Working, name: string): DriftShape {
  const fields = state.fields.map((f, i) => f ?? { index: i, name: '', path: [] });
  const byName = new Map(state.fields.flatMap((f) => (f === null ? [] : [[f.name, f.index] as const])));
  const layouts: Layout[] = state.layouts.map((l) => ({ id: l.id, columns: l.columns }));
  const byId: Layout[] = [];
  for (const layout of layouts) byId[layout.id] = layout;
  const output: OutputSchema = { fields, layouts, indexOf: (n) => byName.get(n) ?? -1 };
  const converts = [...state.converts];
  const constants = [...state.constants];
  const values: FieldValue[] = new Array<FieldValue>(fields.length).fill(undefined);
  const view: EventView = { time: 0, type: null as unknown as Sym, session: 0, layout: layouts[0], values, origin: values };
  const map = (event: EventView): EventView => {
    const from = event.values;
    for (let i = 0; i < from.length; i++) values[i] = from[i];
    for (const [column, convert] of converts) values[column] = convert(values[column]);
    for (const [column, value] of constants) values[column] = value;
    view.time = event.time;
    view.type = event.type;
    view.session = event.session;
    view.layout = byId[event.layout.id];
    return view;
  };
  return { version, output, records: { name, fields: state.records }, map };
}

function typeOfValue(value: unknown): RecordType {
  if (typeof value === 'number') return { kind: Number.isInteger(value) ? 'int' : 'decimal' };
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (Array.isArray(value)) return { kind: 'array', items: value.length === 0 ? { kind: 'string' } : typeOfValue(value[0]), itemsNullable: false };
  if (value !== null && typeof value === 'object') return { kind: 'object', fields: Object.entries(value).map(([name, v]) => ({ name, type: typeOfValue(v), nullable: v === null, optional: false })) };
  return { kind: 'string' };
}

function findField(fields: readonly RecordField[], path: readonly string[]): RecordField | undefined {
  const field = fields.find((f) => f.name === path[0]);
  if (path.length === 1 || field === undefined) return field;
  return field.type.kind === 'object' ? findField(field.type.fields, path.slice(1)) : undefined;
}

/** The fields with the one at `path` changed (or left out: null); an object left with no fields goes too. */
function editField(fields: readonly RecordField[], path: readonly string[], edit: (field: RecordField) => RecordField | null): RecordField[] {
  return fields.flatMap((field) => {
    if (field.name !== path[0]) return [field];
    if (path.length === 1) return [edit(field) ?? []].flat();
    if (field.type.kind !== 'object') return [field];
    const inner = editField(field.type.fields, path.slice(1), edit);
    return inner.length === 0 ? [] : [{ ...field, type: { kind: 'object', fields: inner } }];
  });
}

/** The fields with `added` at `path`: last in its object with the object's next number, the object made when there is none. */
function addField(fields: readonly RecordField[], path: readonly string[], added: RecordField, highestTag: Map<string, number>, prefix = ''): RecordField[] {
  const nextTag = (): number => {
    const tag = (highestTag.get(prefix) ?? 0) + 1;
    highestTag.set(prefix, tag);
    return tag;
  };
  if (path.length === 1) return [...fields, { ...added, tag: nextTag() }];
  const inner = prefix === '' ? path[0] : `${prefix}.${path[0]}`;
  const at = fields.findIndex((f) => f.name === path[0] && f.type.kind === 'object');
  if (at < 0) return [...fields, { name: path[0], type: { kind: 'object', fields: addField([], path.slice(1), added, highestTag, inner) }, nullable: false, optional: false, tag: nextTag() }];
  const parent = fields[at];
  const members = addField((parent.type as Extract<RecordType, { kind: 'object' }>).fields, path.slice(1), added, highestTag, inner);
  return fields.map((f, i) => (i === at ? { ...parent, type: { kind: 'object', fields: members } } : f));
}
