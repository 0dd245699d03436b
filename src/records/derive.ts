import { Sym } from '../engine/sym.js';
import { segmentVariants, type CompiledScenario } from '../scenario/compile.js';
import { isBuiltinRef, type BuiltinRef } from '../scenario/refs.js';
import type { Scenario, ValueSource } from '../scenario/schema.js';
import { UsageError } from '../errors.js';
import { ABSENT_SHAPE, mergeShapes, NULL_SHAPE, shapeOf, toField, type RecordField, type RecordSchema, type RecordType, type Shape } from './record-type.js';

const INT = shapeOf({ kind: 'int' });
const DECIMAL = shapeOf({ kind: 'decimal' });
const STRING = shapeOf({ kind: 'string' });
const BOOLEAN = shapeOf({ kind: 'boolean' });
const EPOCH_MS = shapeOf({ kind: 'timestamp', format: 'epoch-ms' });

/**
 * The records a compiled scenario writes, typed from each field's value source: the
 * union over every state that emits an event and every user segment. A field some
 * events leave out is optional; a value that may be null is nullable.
 *
 * Timestamps are held as epoch milliseconds; the format of a top-level field is the
 * one its source names (`{ time: iso }`), and a time inside an `object` or `list` is
 * written as epoch milliseconds, as the NDJSON encoder writes it.
 */
export function deriveRecordSchema(compiled: CompiledScenario): RecordSchema {
  try {
    return new Derivation(compiled).schema();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('SCENARIO_INVALID', `${compiled.name}: cannot derive a record schema: ${(error as Error).message}`, { cause: error });
  }
}

/** One emitting state of one segment: the value source of each field it writes. */
type Emitter = ReadonlyMap<string, { readonly source: ValueSource; readonly where: string }>;

class Derivation {
  private readonly variants: readonly Scenario[];
  /** Every assignment of each variable, across segments. */
  private readonly assignments = new Map<string, { source: ValueSource; where: string }[]>();
  /** Variables every session sets when it starts (session vars, user attributes): never absent. */
  private readonly alwaysSet = new Set<string>();
  private readonly varShapes = new Map<string, Shape>();
  /** Catalog columns already typed, by `catalog.column`: a column is read by many fields and states, and a catalog may have tens of thousands of rows. */
  private readonly columnShapes = new Map<string, Shape>();
  private readonly deriving = new Set<string>();
  /** The generated catalog whose column's definition is being typed: its refs are to the row's `index` and its columns. */
  private generating: string | null = null;

  constructor(private readonly compiled: CompiledScenario) {
    this.variants = segmentVariants(compiled.source, compiled.name).map((v) => v.scenario);
    const assign = (name: string, source: ValueSource, where: string): void => {
      const list = this.assignments.get(name) ?? [];
      list.push({ source, where });
      this.assignments.set(name, list);
    };
    for (const [k, src] of Object.entries(compiled.source.population.attributes ?? {})) {
      assign(`user.${k}`, src, `population.attributes.${k}`);
      this.alwaysSet.add(`user.${k}`);
    }
    const sessionVarSets = this.variants.map((v) => new Set(Object.keys(v.session.vars ?? {})));
    for (const v of this.variants) {
      for (const [k, src] of Object.entries(v.session.vars ?? {})) assign(k, src, `session.vars.${k}`);
      for (const [state, def] of Object.entries(v.states)) {
        for (const [k, src] of Object.entries(def.set_on_entry ?? {})) assign(k, src, `states.${state}.set_on_entry.${k}`);
        for (const [k, src] of Object.entries(def.set ?? {})) assign(k, src, `states.${state}.set.${k}`);
      }
    }
    for (const name of sessionVarSets[0]) if (sessionVarSets.every((set) => set.has(name))) this.alwaysSet.add(name);
  }

  schema(): RecordSchema {
    const emitters = this.emitters();
    const columns = this.compiled.schema.fields;
    const leaves = columns.map((column) => {
      let shape: Shape | null = null;
      const present = new Set<number>();
      emitters.forEach((emitter, i) => {
        const entry = emitter.get(column.name);
        if (entry === undefined) return;
        present.add(i);
        const found = this.sourceShape(entry.source, entry.where, true);
        shape = shape === null ? found : mergeShapes(shape, found, `field ${column.name}`);
      });
      return { path: column.path, shape: shape ?? ABSENT_SHAPE, present };
    });
    return { name: this.compiled.name, fields: nest([], leaves, emitters.length) };
  }

  /** The fields of every state that writes an event, in every segment. */
  private emitters(): Emitter[] {
    const out: Emitter[] = [];
    for (const v of this.variants) {
      for (const [name, def] of Object.entries(v.states)) {
        const event = def.event === undefined ? name : def.event;
        if (event === null) continue;
        // With source fields, `omit` leaves out source fields, not output fields.
        const omit = new Set(v.source_fields === undefined ? (def.omit ?? []) : []);
        const fields = new Map<string, { source: ValueSource; where: string }>();
        for (const [k, source] of Object.entries(v.fields)) if (!omit.has(k)) fields.set(k, { source, where: `fields.${k}` });
        for (const [k, source] of Object.entries(def.fields ?? {})) fields.set(k, { source, where: `states.${name}.fields.${k}` });
        out.push(fields);
      }
    }
    return out;
  }

  /** `direct`: the source is a field's own, so a time is written in its format (inside objects it is epoch ms). */
  private sourceShape(source: ValueSource, where: string, direct: boolean): Shape {
    if (source === null || typeof source !== 'object') return literalShape(source, where);
    let shape = this.kindShape(source, where, direct);
    if ((source.null_rate ?? 0) > 0) shape = { ...shape, nullable: true };
    if ((source.missing_rate ?? 0) > 0) shape = { ...shape, optional: true };
    return shape;
  }

  private kindShape(source: Exclude<ValueSource, string | number | boolean | null>, where: string, direct: boolean): Shape {
    if ('const' in source) return literalShape(source.const, where);
    if ('choice' in source) {
      if (!Array.isArray(source.choice)) return shapeOf({ kind: 'string', values: Object.keys(source.choice) });
      return mergeAll(source.choice.map((v) => literalShape(v, where)), where);
    }
    if ('number' in source) {
      const whole = source.decimals === 0 || (source.truncate === true && isWholeOrAbsent(source.min) && isWholeOrAbsent(source.max));
      // A draw relative to a value that is not a number yet is null.
      return { ...(whole ? INT : DECIMAL), nullable: source.times !== undefined };
    }
    if ('ref' in source) return this.refShape(source.ref, where);
    if ('template' in source) return STRING;
    if ('uuid' in source) return shapeOf({ kind: 'string', format: 'uuid' });
    if ('counter' in source) {
      const { start = 0, step = 1 } = source.counter === true ? {} : source.counter;
      return Number.isInteger(start) && Number.isInteger(step) ? INT : DECIMAL;
    }
    if ('ip' in source) return shapeOf({ kind: 'string', format: 'ipv4' });
    if ('time' in source) {
      const type: RecordType = { kind: 'timestamp', format: direct ? source.time : 'epoch-ms' };
      if (source.of === undefined || source.at !== undefined) return shapeOf(type);
      // A time held by a variable that is not set yet is no date: written as null.
      const base = this.refShape(source.of, `${where}.of`);
      return shapeOf(type, base.nullable || base.optional);
    }
    if ('string' in source) return STRING;
    if ('one_of' in source) return mergeAll(source.one_of.map((v, i) => this.sourceShape(v, `${where}.one_of[${i}]`, direct)), where);
    if ('pick' in source) throw new Error(`${where}: a whole ${source.pick} row is not a field value; refer to one of its columns`);
    if ('match' in source) {
      const cases = Object.entries(source.cases).map(([k, v]) => this.sourceShape(v, `${where}.cases.${k}`, direct));
      const fallback = source.default === undefined ? NULL_SHAPE : this.sourceShape(source.default, `${where}.default`, direct);
      return mergeAll([...cases, fallback], where);
    }
    if ('object' in source) {
      const fields = Object.entries(source.object).map(([k, v]) => toField(k, this.sourceShape(v, `${where}.object.${k}`, false)));
      return shapeOf({ kind: 'object', fields });
    }
    if ('hash' in source) return INT;
    if ('date' in source || 'json' in source) return STRING;
    if ('absent' in source) return ABSENT_SHAPE;
    if ('array' in source) {
      // Null and absent entries are left out of the list.
      const items = source.array.map((v, i) => this.sourceShape(v, `${where}.array[${i}]`, false)).filter((item) => item.type !== null);
      // An empty list says nothing of its items: the field's other values type it.
      if (items.length === 0) return { type: null, nullable: false, optional: false };
      const item = mergeAll(items.map((i) => ({ ...i, nullable: false, optional: false })), where);
      return shapeOf({ kind: 'array', items: item.type ?? { kind: 'string' }, itemsNullable: false });
    }
    if ('cart_items' in source) {
      const fields = Object.entries(source.cart_items).map(([k, column]) => toField(k, this.cartColumn(column, `${where}.cart_items.${k}`)));
      if (source.count_as !== undefined) fields.push(toField(source.count_as, INT));
      return shapeOf({ kind: 'array', items: { kind: 'object', fields }, itemsNullable: false });
    }
    const item = this.sourceShape(source.list, `${where}.list`, false);
    return shapeOf({ kind: 'array', items: item.type ?? { kind: 'string' }, itemsNullable: item.nullable || item.type === null });
  }

  private refShape(ref: string, where: string): Shape {
    if (this.generating !== null) {
      if (ref === 'index') return INT;
      if (this.compiled.source.catalogs?.[this.generating]?.columns?.[ref] !== undefined) return this.columnShape(this.generating, ref, where);
    }
    if (ref === 'cart.size') return INT;
    if (ref.startsWith('cart.sum.')) {
      const column = this.cartColumn(ref.slice('cart.sum.'.length), where);
      return column.type?.kind === 'int' ? INT : DECIMAL;
    }
    if (isBuiltinRef(ref)) return this.builtinShape(ref);
    if (this.assignments.has(ref)) return this.varShape(ref);
    if (ref.startsWith('field.')) return this.sourceFieldShape(ref.slice('field.'.length), where);
    const dot = ref.lastIndexOf('.');
    const catalog = this.rowCatalog(ref.slice(0, dot));
    if (catalog === null) throw new Error(`${where}: unknown reference "${ref}"`);
    const row = this.varShape(ref.slice(0, dot));
    const column = this.columnShape(catalog, ref.slice(dot + 1), where);
    // No row yet (or a null one): the column reads as null.
    return { ...column, nullable: column.nullable || row.nullable || row.optional, optional: false };
  }

  private builtinShape(ref: BuiltinRef): Shape {
    const anyOf = (test: (v: Scenario) => boolean): boolean => this.variants.some(test);
    const anonymous = anyOf((v) => v.population.anonymous_rate > 0);
    switch (ref) {
      case 'user.id':
        return { ...(this.compiled.source.population.id === undefined ? INT : STRING), nullable: anonymous };
      case 'user.index':
        return { ...INT, nullable: anonymous };
      case 'user.segment': {
        const names = Object.keys(this.compiled.source.population.segments ?? {});
        return names.length === 0 ? NULL_SHAPE : shapeOf({ kind: 'string', values: names });
      }
      case 'session.id':
        return mergeAll(this.variants.map((v) => this.sourceShape(v.session.id ?? { uuid: true }, 'session.id', true)), 'session.id');
      case 'session.number':
      case 'session.elapsed':
      case 'session.events':
      case 'event.index':
      case 'cart.size':
        return INT;
      case 'session.start':
      case 'event.time':
      case 'event.processing_time':
        return EPOCH_MS;
      case 'session.timezone': {
        const zones = Object.keys(this.compiled.source.arrivals.timezones ?? {});
        return zones.length === 0 ? NULL_SHAPE : shapeOf({ kind: 'string', values: zones });
      }
      case 'session.returning':
        return { ...BOOLEAN, nullable: this.compiled.source.population.returning === undefined };
      case 'session.visit':
        return { ...INT, nullable: this.compiled.source.population.returning === undefined };
      case 'event.first':
        return BOOLEAN;
      case 'event.type': {
        const types = new Set<string>();
        for (const v of this.variants) for (const [name, def] of Object.entries(v.states)) if (def.event !== null) types.add(def.event ?? name);
        return shapeOf({ kind: 'string', values: [...types] });
      }
      case 'state':
        return shapeOf({ kind: 'string', values: [...new Set(this.variants.flatMap((v) => Object.keys(v.states)))] });
    }
  }

  /** A source field (`field.NAME`): every source of it, and absent where a state leaves it out. */
  private sourceFieldShape(name: string, where: string): Shape {
    const shapes: Shape[] = [];
    for (const v of this.variants) {
      const own = v.source_fields?.[name];
      if (own !== undefined) shapes.push(this.sourceShape(own, `source_fields.${name}`, false));
      for (const [state, def] of Object.entries(v.states)) {
        const replaced = def.source_fields?.[name];
        if (replaced !== undefined) shapes.push(this.sourceShape(replaced, `states.${state}.source_fields.${name}`, false));
        else if (own === undefined || (def.omit ?? []).includes(name)) shapes.push(ABSENT_SHAPE);
      }
    }
    if (shapes.length === 0) throw new Error(`${where}: unknown reference "field.${name}"`);
    return mergeAll(shapes, `source field ${name}`);
  }

  /** A variable: every value it is given, and absent when some session may read it before it is set. */
  private varShape(name: string): Shape {
    const known = this.varShapes.get(name);
    if (known !== undefined) return known;
    // A variable defined through itself (x: { ref: x }) adds nothing new to its own type.
    if (this.deriving.has(name)) return ABSENT_SHAPE;
    this.deriving.add(name);
    const shapes = this.assignments.get(name)!.filter(({ source }) => !isPick(source)).map(({ source, where }) => this.sourceShape(source, where, false));
    if (!this.alwaysSet.has(name)) shapes.push(ABSENT_SHAPE);
    const shape = mergeAll(shapes, `variable ${name}`);
    this.deriving.delete(name);
    this.varShapes.set(name, shape);
    return shape;
  }

  private rowCatalog(name: string): string | null {
    const picks = (this.assignments.get(name) ?? []).map(({ source }) => source).filter(isPick);
    return picks.length === 0 ? null : picks[0].pick;
  }

  private cartColumn(column: string, where: string): Shape {
    for (const v of this.variants) {
      for (const def of Object.values(v.states)) {
        if (def.cart === undefined || def.cart === 'clear' || !('add' in def.cart)) continue;
        const catalog = this.rowCatalog(def.cart.add);
        if (catalog !== null) return this.columnShape(catalog, column, where);
      }
    }
    throw new Error(`${where}: cart.sum.${column} needs a cart of catalog rows`);
  }

  /** A catalog column, typed from the values its rows hold; the texts of a generated one are `generatedTexts`. */
  private columnShape(catalogName: string, column: string, where: string): Shape {
    const catalog = this.compiled.catalogs.get(catalogName)!;
    const index = catalog.columns.indexOf(column);
    if (index < 0) throw new Error(`${where}: catalog ${catalogName} has no column "${column}"`);
    const known = this.columnShapes.get(`${catalogName}.${column}`);
    if (known !== undefined) return known;
    const label = `catalog ${catalogName} column ${column}`;
    // Texts are gathered in a set first: merging row by row would copy the growing list of values each time.
    const texts = new Set<string>();
    const others: Shape[] = [];
    for (const row of catalog.rows) {
      const value = row[index];
      if (typeof value === 'string' || value instanceof Sym) texts.add(String(value));
      else others.push(literalShape(value, label));
    }
    const def = this.compiled.source.catalogs?.[catalogName];
    const generated = def?.rows === undefined ? def?.columns?.[column] : undefined;
    if (texts.size > 0) others.push(shapeOf({ kind: 'string', values: generated === undefined ? [...texts] : this.generatedTexts(catalogName, column, generated, texts) }));
    const shape = mergeAll(others, label);
    this.columnShapes.set(`${catalogName}.${column}`, shape);
    return shape;
  }

  /**
   * The texts of a generated column, in no seed's order. The rows are one seed's draw: taken
   * from them, the texts came in the order that seed drew them, and a small catalog misses
   * some another seed draws, so each seed had a schema of its own (a version of its own in a
   * schema registry, and not the one `schema --records` prints). A definition that lists its
   * texts (a choice, the cases of a match) gives all of them, in the scenario's order. The
   * texts of any other (a template) are the rows', sorted: the same for every seed unless
   * the template draws random parts into a catalog too small to hold them all.
   */
  private generatedTexts(catalogName: string, column: string, source: ValueSource, drawn: ReadonlySet<string>): readonly string[] {
    const outer = this.generating;
    this.generating = catalogName;
    try {
      const declared = this.sourceShape(source, `catalogs.${catalogName}.columns.${column}`, false).type;
      return declared?.kind === 'string' && declared.values !== undefined ? declared.values : [...drawn].sort();
    } finally {
      this.generating = outer;
    }
  }
}

function isPick(source: ValueSource): source is Extract<ValueSource, { pick: string }> {
  return source !== null && typeof source === 'object' && 'pick' in source;
}

function isWholeOrAbsent(n: number | undefined): boolean {
  return n === undefined || Number.isInteger(n);
}

/** What a variable that only ever holds catalog rows reads as: its columns carry the types. */
const ROW_SHAPE: Shape = { type: null, nullable: false, optional: false };

function mergeAll(shapes: readonly Shape[], where: string): Shape {
  return shapes.length === 0 ? ROW_SHAPE : shapes.reduce((a, b) => mergeShapes(a, b, where));
}

/** A constant: a string is an enum of one value, so choices of strings become enums. */
function literalShape(value: unknown, where: string): Shape {
  if (value === null) return NULL_SHAPE;
  if (value === undefined) return ABSENT_SHAPE;
  if (typeof value === 'string' || value instanceof Sym) return shapeOf({ kind: 'string', values: [String(value)] });
  if (typeof value === 'number') return Number.isInteger(value) ? INT : DECIMAL;
  if (typeof value === 'boolean') return BOOLEAN;
  if (Array.isArray(value)) {
    const items = value.length === 0 ? NULL_SHAPE : mergeAll(value.map((v) => literalShape(v, `${where}[]`)), `${where}[]`);
    return shapeOf({ kind: 'array', items: items.type ?? { kind: 'string' }, itemsNullable: items.nullable || items.type === null });
  }
  const fields: RecordField[] = Object.entries(value as Record<string, unknown>).map(([k, v]) => toField(k, literalShape(v, `${where}.${k}`)));
  return shapeOf({ kind: 'object', fields });
}

interface Leaf {
  readonly path: readonly string[];
  readonly shape: Shape;
  /** Which emitters write it. */
  readonly present: ReadonlySet<number>;
}

/**
 * Dotted field names as nested objects, in output order. A nested object is written when
 * an event has any of its members (as `{}` when all of those are absent), so it is
 * optional only when some events have none of them.
 */
function nest(prefix: readonly string[], leaves: readonly Leaf[], emitters: number): RecordField[] {
  const out: RecordField[] = [];
  const seen = new Set<string>();
  for (const leaf of leaves) {
    const head = leaf.path[prefix.length];
    if (leaf.path.length === prefix.length + 1) {
      out.push(toField(head, { ...leaf.shape, optional: leaf.shape.optional || leaf.present.size < emitters }));
      continue;
    }
    if (seen.has(head)) continue;
    seen.add(head);
    const members = leaves.filter((l) => l.path.length > prefix.length + 1 && l.path[prefix.length] === head);
    const present = new Set(members.flatMap((m) => [...m.present]));
    out.push({ name: head, type: { kind: 'object', fields: nest([...prefix, head], members, emitters) }, nullable: false, optional: present.size < emitters });
  }
  return out;
}
