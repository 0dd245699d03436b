import { AliasTable } from '../random/alias.js';
import type { Sampler } from '../random/distributions.js';
import { Domain, hashName, streamFor, type Rng } from '../random/prng.js';
import type { FieldValue, TimeFormat } from '../engine/event.js';
import { READ_EVENT_TYPE, READ_SESSION_ID, READ_TIME, READ_USER_ID, Session, type Evaluator } from '../engine/session.js';
import { Sym, keep, type SymTable } from '../engine/sym.js';
import { drawUuid } from '../engine/uuid.js';
import { formatTimestamp } from '../time/time-text.js';
import { indexSampler, samplerFor } from './compile-distribution.js';
import { compileCartRef, type CartBinding } from './compile-cart.js';
import { drawPool, ipFromNumber, oneOf, randomInstant, randomString } from './compile-values-random.js';
import { arrayOf, cartItems, dateOf, hashOf, jsonOf, objectOf, uuidOf } from './compile-values-derived.js';
import { isBuiltinRef, parseTemplate } from './refs.js';
import { parseIpv4 } from './rules.js';
import type { ValueSource } from './schema.js';
import { TemplateMemo } from './template-memo.js';
import { CasesBySym } from './cases-by-sym.js';
import { arrayWriter, constantWriter, jsonWriterOf, objectWriter, type JsonWriter } from './json-text.js';
import { ConstantShape, ObjectShape, withShape } from './value-shape.js';

/** A catalog ready for sampling: rows of column values. */
export interface CompiledCatalog {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly FieldValue[][];
}

/** What compiling value sources needs to know about the rest of the scenario. */
export interface ValueContext {
  readonly seed: number;
  readonly syms: SymTable;
  /** Variable name → slot. */
  readonly varSlots: ReadonlyMap<string, number>;
  /** Variable name → catalog, for variables that hold a catalog row. */
  readonly rowVars: ReadonlyMap<string, CompiledCatalog>;
  readonly catalogs: ReadonlyMap<string, CompiledCatalog>;
  /** The cart's variable, when states use a cart. */
  readonly cart: CartBinding | null;
  /** Whether events get processing times (`delivery`); without, `event.processing_time` is the event time. */
  readonly delivery: boolean;
  /** The run-level counter slot of the counter at `where` (a scenario path). */
  allocateCounter(where: string): number;
  /** Variable slots that nothing assigns after the session starts (no state's `set`, not the cart, not a source field). */
  readonly sessionSlots: ReadonlySet<number>;
  /** A new variable slot, for a value computed once per session. */
  allocateSlot(): number;
  /** The scenario's experiments' arm names, in order: `experiment.NAME` reads the session's arm. */
  readonly experiments: readonly { readonly name: string; readonly arms: readonly string[] }[];
}

export interface CompiledValue {
  readonly evaluate: Evaluator;
  /** Set when the value is a timestamp, with its format. */
  readonly time?: TimeFormat;
  /** Set when the value is a variable read as it is: the engine copies the slot without a call. */
  readonly slot?: number;
  /** Set when the value is a session field the engine reads without a call (a READ_ code of engine/session.ts). */
  readonly read?: number;
  /** Set when the value is the same on every event of a session whatever the state: a constant, the user's or the session's id. */
  readonly steady?: boolean;
  /** Set when the value is the same on every event of the run: a literal, `const`, or an object or list of those. */
  readonly constant?: boolean;
  /**
   * Set when the value draws nothing and depends only on these variable slots and on things
   * fixed for the session (user, session id and start, constants): it is then the same on
   * every event of a session whose slots do not change.
   */
  readonly deps?: readonly number[];
  /**
   * Set when the value is a function of the event time alone and draws nothing (GA4's
   * event_timestamp and event_date, Snowplow's dtm): paced runs, which restamp events, write
   * it again from the new time.
   */
  readonly eventTimeOnly?: boolean;
  /**
   * Set by objects, lists and matches: writes the value's JSON text without building the
   * value (the `json` source). It draws exactly what `evaluate` draws, in the same order.
   */
  readonly json?: JsonWriter;
  /** Set by objects: the value is always an object of this shape (value-shape.ts). */
  readonly shape?: ObjectShape;
  /** Set when the value is the session's start as a timestamp: restamped with the session's first event, it stays one per session. */
  readonly sessionStart?: boolean;
  /** Set when the value is a column of the catalog row held in this variable slot (`user.home.city`). */
  readonly rowSlot?: number;
}

/** Compiles a value source. `where` names it in error messages (a scenario path). */
export function compileValue(source: ValueSource, ctx: ValueContext, where: string): CompiledValue {
  if (source === null || typeof source !== 'object') {
    const value = typeof source === 'string' ? ctx.syms.get(source) : source;
    return { evaluate: () => value, steady: true, constant: true, deps: NO_DEPS };
  }
  const kind = compileKind(source, ctx, where);
  const base = BUILT.some((k) => k in source) ? perSession(kind, ctx) : kind;
  let evaluate = base.evaluate;
  if (source.pool !== undefined) {
    const pick = source.pool_pick ? indexSampler(source.pool_pick, source.pool) : null;
    evaluate = pooled(evaluate, source.pool, pick, source.pool_distinct === true, ctx, where);
  }
  const nullRate = source.null_rate ?? 0;
  const missingRate = source.missing_rate ?? 0;
  if (nullRate > 0 || missingRate > 0) {
    const inner = evaluate;
    evaluate = (s) => {
      const u = s.rng.next();
      if (u < missingRate) return undefined;
      if (u < missingRate + nullRate) return null;
      return inner(s);
    };
  }
  if (evaluate === base.evaluate) return base;
  return base.time === undefined ? { evaluate } : { evaluate, time: base.time };
}

function compileKind(source: Exclude<ValueSource, string | number | boolean | null>, ctx: ValueContext, where: string): CompiledValue {
  if ('const' in source) {
    const value = toFieldValue(source.const, ctx.syms);
    return { evaluate: () => value, steady: true, constant: true, deps: NO_DEPS };
  }
  if ('choice' in source) {
    if (source.index !== undefined && Array.isArray(source.choice)) {
      const values = source.choice.map((v) => toFieldValue(v, ctx.syms));
      const index = indexSampler(source.index, values.length);
      return { evaluate: (s) => values[index(s.rng)] };
    }
    return { evaluate: compileChoice(source.choice, source.weights, ctx) };
  }
  if ('number' in source) {
    const times = source.times === undefined ? null : compileValue({ ref: source.times }, ctx, `${where}.times`);
    const evaluate = compileNumber(samplerFor(source.number), times?.evaluate ?? null, source.decimals, source.min, source.max, source.truncate === true);
    return source.number.type === 'constant' && times?.read === READ_TIME ? { evaluate, eventTimeOnly: true } : { evaluate };
  }
  if ('ref' in source) return compileRef(source.ref, ctx, where);
  if ('template' in source) return compileTemplate(source.template, source.with ?? {}, ctx, where);
  if ('uuid' in source) {
    if (source.uuid === true) return { evaluate: (s) => drawUuid(s.rng) };
    const of = compileRef(source.uuid.of, ctx, `${where}.uuid.of`);
    return { evaluate: uuidOf(of.evaluate, ctx.seed), deps: of.deps };
  }
  if ('hash' in source) {
    const { salt = '', min = 0, max = 2147483647 } = source.hash;
    const of = compileRef(source.hash.of, ctx, `${where}.hash.of`);
    return { evaluate: hashOf(of.evaluate, ctx.seed, salt, min, max), deps: of.deps };
  }
  if ('date' in source) {
    if (source.date === true) return { evaluate: dateOf((s) => s.time), eventTimeOnly: true };
    return { evaluate: dateOf(compileRef(source.date.of, ctx, `${where}.date.of`).evaluate) };
  }
  if ('json' in source) {
    const inner = compileValue(source.json, ctx, `${where}.json`);
    return { evaluate: jsonOf(jsonWriterOf(inner), source.base64 === true), deps: inner.deps };
  }
  if ('array' in source) {
    const items = source.array.map((v, i) => compileValue(v, ctx, `${where}.array[${i}]`));
    return once({ evaluate: arrayOf(items.map((c) => c.evaluate)), json: arrayWriter(items.map(jsonWriterOf)), deps: depsOf(items) }, items);
  }
  if ('absent' in source) return { evaluate: () => undefined };
  if ('cart_items' in source) return { evaluate: cartItems(ctx.cart, source.cart_items, source.count_as, where) };
  if ('counter' in source) {
    const slot = ctx.allocateCounter(where);
    const start = source.counter === true ? 0 : (source.counter.start ?? 0);
    const step = source.counter === true ? 1 : (source.counter.step ?? 1);
    return {
      evaluate: (s) => {
        const n = s.run.counters[slot];
        s.run.counters[slot] = n + 1;
        return start + n * step;
      },
    };
  }
  if ('ip' in source) {
    if (source.ip !== true && source.ip.number !== undefined) return { evaluate: ipFromNumber(samplerFor(source.ip.number)) };
    const min = source.ip === true ? 0x01000000 : parseIpv4(source.ip.min ?? '1.0.0.0')!;
    const max = source.ip === true ? 0xdfffffff : parseIpv4(source.ip.max ?? '223.255.255.255')!;
    const span = max - min + 1;
    return { evaluate: (s) => formatIpv4(min + Math.floor(s.rng.next() * span)) };
  }
  if ('time' in source) {
    if (source.at !== undefined) return { evaluate: randomInstant(samplerFor(source.at)), time: source.time };
    const offset = source.offset ? samplerFor(source.offset) : null;
    if (source.of === undefined && offset === null) return { evaluate: (s) => s.time, time: source.time, read: READ_TIME, eventTimeOnly: true };
    const base = source.of === undefined ? (s: Session) => s.time : (compileRef(source.of, ctx, `${where}.of`).evaluate as (s: Session) => number);
    const evaluate: Evaluator = offset ? (s) => base(s) + Math.round(offset.sample(s.rng) * 1000) : base;
    if (source.of === 'session.start' && offset === null) return { evaluate, time: source.time, sessionStart: true };
    return { evaluate, time: source.time, eventTimeOnly: source.of === undefined && source.offset?.type === 'constant' };
  }
  if ('string' in source) return { evaluate: randomString(samplerFor(source.string.length), source.string.chars) };
  if ('one_of' in source) {
    const options = source.one_of.map((v, i) => compileValue(v, ctx, `${where}.one_of[${i}]`).evaluate);
    return { evaluate: oneOf(options, source.weights, source.index) };
  }
  if ('pick' in source) {
    const catalog = ctx.catalogs.get(source.pick)!;
    const n = catalog.rows.length;
    const rows = catalog.rows;
    if (source.skew) {
      const index = indexSampler(source.skew, n);
      return { evaluate: (s) => rows[index(s.rng)] };
    }
    if (source.weight !== undefined) {
      const col = catalog.columns.indexOf(source.weight);
      if (col < 0) throw new Error(`${where}.weight: catalog ${catalog.name} has no column "${source.weight}"; columns are ${catalog.columns.join(', ')}`);
      const weights = rows.map((row, i) => {
        const w = row[col];
        if (typeof w !== 'number' || !(w >= 0)) throw new Error(`${where}.weight: row ${i + 1} of ${catalog.name} has ${source.weight} = ${JSON.stringify(w)}; weights must be numbers of 0 or more`);
        return w;
      });
      const table = new AliasTable(weights);
      return { evaluate: (s) => rows[table.pick(s.rng)] };
    }
    return { evaluate: (s) => rows[Math.floor(s.rng.next() * n)] };
  }
  if ('match' in source) {
    const keyValue = compileValue({ ref: source.match }, ctx, `${where}.match`);
    const key = keyValue.evaluate;
    // Each case's key is interned right after its value, as the Syms' numbers follow that order.
    const cases = Object.entries(source.cases).map(([k, v]) => {
      const compiled = compileValue(v, ctx, `${where}.cases.${k}`);
      return [ctx.syms.get(k), compiled] as const;
    });
    const fallbackValue = source.default === undefined ? null : compileValue(source.default, ctx, `${where}.default`);
    const fallback: CompiledValue = fallbackValue ?? { evaluate: () => null, constant: true };
    const parts: CompiledValue[] = [keyValue, ...cases.map(([, c]) => c)];
    if (fallbackValue !== null) parts.push(fallbackValue);
    const chooseValue = caseChooser(cases.map(([k, c]) => [k, c.evaluate] as const), fallback.evaluate);
    const chooseWriter = caseChooser(cases.map(([k, c]) => [k, jsonWriterOf(c)] as const), jsonWriterOf(fallback));
    return {
      deps: depsOf(parts),
      evaluate: (s) => chooseValue(key(s))(s),
      json: (s, doc) => chooseWriter(key(s))(s, doc),
    };
  }
  if ('object' in source) {
    const members = Object.entries(source.object).map(([k, v]) => [k, compileValue(v, ctx, `${where}.object.${k}`)] as const);
    const parts = members.map(([, c]) => c);
    // Constants read nothing from the session.
    const shape = ObjectShape.of(members.map(([key, c]) => (c.constant === true ? { key, constant: { value: c.evaluate(undefined as unknown as Session) } } : { key, shape: c.shape })));
    const evaluate = objectOf(
      members.map(([k]) => k),
      parts.map((c) => c.evaluate),
      shape,
    );
    const json = objectWriter(members.map(([k, c]) => [k, jsonWriterOf(c)] as const));
    return once({ evaluate, json, shape, deps: depsOf(parts) }, parts);
  }
  const item = compileValue(source.list, ctx, `${where}.list`).evaluate;
  const length = samplerFor(source.length);
  const cut = source.truncate === true ? Math.trunc : Math.round;
  if (source.distinct === true) return { evaluate: distinctList(item, length, cut) };
  return {
    evaluate: (s) => {
      const n = Math.max(0, cut(length.sample(s.rng)));
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(item(s));
      return out;
    },
  };
}

/** An object or list of constants is built once: the same value for every event, with no allocation per event. */
function once(value: CompiledValue, parts: readonly CompiledValue[]): CompiledValue {
  if (!parts.every((p) => p.constant === true)) return value;
  // Constants read nothing from the session.
  const built = value.evaluate(undefined as unknown as Session);
  if (built !== null && typeof built === 'object') withShape(built, new ConstantShape(built));
  return { evaluate: () => built, json: constantWriter(built), steady: true, constant: true, deps: NO_DEPS };
}

/**
 * The case of a match for a key value. Interned keys (choices, catalog cells) are found by
 * identity, without rendering them; values kept for a session are Syms of their own, found
 * by their text; flags and missing values (returning visitors, a null referrer) are looked up
 * without rendering them.
 */
function caseChooser<T>(cases: readonly (readonly [Sym, T])[], fallback: T): (key: FieldValue) => T {
  const byText = new Map<string, T>();
  for (const [k, v] of cases) byText.set(k.text, v);
  const bySym = new CasesBySym(cases);
  const onTrue = byText.get('true') ?? fallback;
  const onFalse = byText.get('false') ?? fallback;
  const onNull = byText.get('') ?? fallback;
  return (k) => {
    if (k instanceof Sym) return bySym.get(k.index) ?? byText.get(k.text) ?? fallback;
    if (k === true) return onTrue;
    if (k === false) return onFalse;
    if (k == null) return onNull;
    return byText.get(renderPiece(k)) ?? fallback;
  };
}

const NO_DEPS: readonly number[] = [];
/** Kinds of values that build something from other values: worth keeping per session when those are fixed. */
const BUILT = ['match', 'object', 'array', 'template', 'hash', 'uuid', 'json'];

/** The slots a value made of these parts depends on, or undefined when one of them varies otherwise. */
function depsOf(parts: readonly CompiledValue[]): readonly number[] | undefined {
  const deps = new Set<number>();
  for (const part of parts) {
    if (part.deps === undefined) return undefined;
    for (const slot of part.deps) deps.add(slot);
  }
  return [...deps];
}

/** Stands for "computed, and absent" in a per-session slot, whose undefined means "not computed yet". */
const ABSENT = Symbol('absent');

/**
 * A value built from things fixed for the session (a GA4 geo record from the country, a user
 * agent from the browser and OS) is computed on the session's first event and kept in a slot
 * of its own; encoders then also write it once per session (FieldSpec.steady).
 */
function perSession(value: CompiledValue, ctx: ValueContext): CompiledValue {
  const { deps } = value;
  if (deps === undefined || value.constant === true || value.steady === true || value.time !== undefined) return value;
  if (!deps.every((slot) => ctx.sessionSlots.has(slot))) return value;
  const slot = ctx.allocateSlot();
  const inner = value.evaluate;
  return {
    evaluate: (s) => {
      const kept = s.vars[slot] as FieldValue | typeof ABSENT;
      if (kept !== undefined) return kept === ABSENT ? undefined : kept;
      const v = inner(s);
      (s.vars as unknown[])[slot] = v === undefined ? ABSENT : v;
      return v;
    },
    steady: true,
    deps,
  };
}

/** Draws per item before a list of distinct values gives up and stays shorter. */
const DISTINCT_TRIES = 32;

/** A list without repeats: an item equal to an earlier one is drawn again (interned values compare by identity). */
function distinctList(item: Evaluator, length: Sampler, cut: (x: number) => number): Evaluator {
  return (s) => {
    const n = Math.max(0, cut(length.sample(s.rng)));
    const out: FieldValue[] = [];
    for (let i = 0; i < n; i++) {
      let added = false;
      for (let tries = 0; tries < DISTINCT_TRIES && !added; tries++) {
        const v = item(s);
        if (!out.includes(v)) {
          out.push(v);
          added = true;
        }
      }
      if (!added) break;
    }
    return out;
  };
}


function compileChoice(choice: readonly unknown[] | Readonly<Record<string, number>>, weights: readonly number[] | undefined, ctx: ValueContext): Evaluator {
  const values = Array.isArray(choice) ? choice.map((v) => toFieldValue(v, ctx.syms)) : Object.keys(choice).map((k) => ctx.syms.get(k));
  const w: readonly number[] | undefined = Array.isArray(choice) ? weights : Object.values(choice as Record<string, number>);
  if (w === undefined) {
    const n = values.length;
    return n === 1 ? () => values[0] : (s) => values[Math.floor(s.rng.next() * n)];
  }
  const table = new AliasTable(w);
  return (s) => values[table.pick(s.rng)];
}

function compileNumber(sampler: Sampler, times: Evaluator | null, decimals: number | undefined, min: number | undefined, max: number | undefined, truncate: boolean): Evaluator {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const factor = decimals === undefined ? 0 : 10 ** decimals;
  return (s) => {
    let v = sampler.sample(s.rng);
    if (times !== null) {
      // A draw relative to a value that is missing (no row picked yet) has no value either.
      const base = times(s);
      if (typeof base !== 'number') return null;
      v *= base;
    }
    if (truncate) v = Math.trunc(v);
    if (v < lo) v = lo;
    else if (v > hi) v = hi;
    return factor === 0 ? v : Math.round(v * factor) / factor;
  };
}

function compileRef(ref: string, ctx: ValueContext, where: string): CompiledValue {
  if (ref === 'event.processing_time') return { evaluate: ctx.delivery ? (s) => s.processingTime : (s) => s.time, time: 'epoch-ms' };
  const cart = compileCartRef(ref, ctx.cart, where);
  if (cart !== null) return cart;
  if (isBuiltinRef(ref)) return builtinRef(ref);
  if (ref.startsWith('experiment.')) return armRef(ref, ctx, where);
  const slot = ctx.varSlots.get(ref);
  if (slot !== undefined) {
    if (ctx.rowVars.has(ref)) throw new Error(`${where}: "${ref}" holds a ${ctx.rowVars.get(ref)!.name} row; refer to one of its columns, e.g. ${ref}.${ctx.rowVars.get(ref)!.columns[0]}`);
    return { evaluate: (s) => s.vars[slot], slot, deps: [slot] };
  }
  const dot = ref.lastIndexOf('.');
  const head = ref.slice(0, dot);
  const column = ref.slice(dot + 1);
  const catalog = ctx.rowVars.get(head);
  const rowSlot = ctx.varSlots.get(head);
  if (catalog === undefined || rowSlot === undefined) throw new Error(`${where}: unknown reference "${ref}"`);
  const col = catalog.columns.indexOf(column);
  if (col < 0) throw new Error(`${where}: catalog ${catalog.name} has no column "${column}"; columns are ${catalog.columns.join(', ')}`);
  return {
    evaluate: (s) => {
      const row = s.vars[rowSlot] as FieldValue[] | null | undefined;
      return row == null ? null : row[col];
    },
    deps: [rowSlot],
    rowSlot,
  };
}

/** `experiment.NAME`: the arm of the session's user, from the session's variant (engine/experiments.ts numbers it). */
function armRef(ref: string, ctx: ValueContext, where: string): CompiledValue {
  const name = ref.slice('experiment.'.length);
  let stride = 1;
  for (const experiment of ctx.experiments) {
    const labels = experiment.arms.map((arm) => ctx.syms.get(arm));
    if (experiment.name === name) {
      const place = stride;
      return { evaluate: (s) => labels[Math.floor(s.variant / place) % labels.length], steady: true, deps: NO_DEPS };
    }
    stride *= labels.length;
  }
  throw new Error(`${where}: unknown reference "${ref}"; experiments are ${ctx.experiments.map((e) => e.name).join(', ') || 'none'}`);
}

function builtinRef(ref: string): CompiledValue {
  switch (ref) {
    case 'user.id':
      return { evaluate: (s) => s.userId, steady: true, read: READ_USER_ID, deps: NO_DEPS };
    case 'user.index':
      return { evaluate: (s) => (s.userIndex < 0 ? null : s.userIndex), steady: true, deps: NO_DEPS };
    case 'user.segment':
      return { evaluate: (s) => s.segment, steady: true, deps: NO_DEPS };
    case 'session.id':
      return { evaluate: (s) => s.id, steady: true, read: READ_SESSION_ID, deps: NO_DEPS };
    case 'session.number':
      return { evaluate: (s) => s.number, steady: true, deps: NO_DEPS };
    case 'session.start':
      return { evaluate: (s) => s.start, time: 'epoch-ms', deps: NO_DEPS };
    case 'session.elapsed':
      return { evaluate: (s) => Math.round((s.time - s.start) / 1000) };
    case 'session.events':
      return { evaluate: (s) => s.events + 1 };
    case 'session.timezone':
      return { evaluate: (s) => s.timezone, steady: true, deps: NO_DEPS };
    case 'session.returning':
      return { evaluate: (s) => s.returning, steady: true, deps: NO_DEPS };
    case 'session.visit':
      return { evaluate: (s) => s.visit, steady: true, deps: NO_DEPS };
    case 'event.type':
      return { evaluate: (s) => s.eventType, read: READ_EVENT_TYPE };
    case 'event.time':
      return { evaluate: (s) => s.time, time: 'epoch-ms', read: READ_TIME };
    case 'event.index':
      return { evaluate: (s) => s.events };
    case 'event.first':
      return { evaluate: (s) => s.events === 0 };
    default:
      return { evaluate: (s) => s.stateName };
  }
}

function compileTemplate(template: string, locals: Readonly<Record<string, ValueSource>>, ctx: ValueContext, where: string): CompiledValue {
  const parts = parseTemplate(template);
  if (typeof parts === 'string') throw new Error(`${where}: ${parts}`);
  // `with` values are drawn once per rendering, in the order given, so a placeholder used twice shows one value.
  const localNames = Object.keys(locals);
  const localValues = localNames.map((k) => compileValue(locals[k], ctx, `${where}.with.${k}`));
  const drawn: FieldValue[] = new Array<FieldValue>(localNames.length);
  const values: CompiledValue[] = [];
  const compiled = parts.map((p) => {
    const local = p.ref === undefined ? -1 : localNames.indexOf(p.ref);
    const value = p.ref === undefined ? null : local >= 0 ? localValues[local] : compileValue({ ref: p.ref }, ctx, where);
    if (value !== null && local < 0) values.push(value);
    return { literal: p.literal, local, value: value?.evaluate ?? null, time: value?.time, width: p.width ?? 0 };
  });
  if (compiled.length === 1 && compiled[0].value === null) {
    const constant = ctx.syms.get(compiled[0].literal);
    return { evaluate: () => constant, deps: NO_DEPS };
  }
  const deps = depsOf([...localValues, ...values]);
  // Literals around event times alone (Snowplow's dtm as text) follow the event time too.
  const eventTimeOnly = [...localValues, ...values].every((v) => v.eventTimeOnly === true);
  // Each placeholder's value, in order; texts made only of interned values are kept (TemplateMemo).
  const filled = compiled.filter((p) => p.value !== null);
  const placed: FieldValue[] = new Array<FieldValue>(filled.length);
  const memo = filled.length > 0 && filled.every((p) => p.time === undefined) ? new TemplateMemo(ctx.syms, filled.length) : null;
  const evaluate: Evaluator = (s) => {
    for (let i = 0; i < localValues.length; i++) drawn[i] = localValues[i].evaluate(s);
    for (let i = 0; i < filled.length; i++) {
      const part = filled[i];
      placed[i] = part.local >= 0 ? drawn[part.local] : part.value!(s);
    }
    const known = memo === null ? undefined : memo.find(placed);
    if (known !== undefined) return known;
    let out = '';
    for (let i = 0, p = 0; i < compiled.length; i++) {
      const part = compiled[i];
      out += part.literal;
      if (part.value === null) continue;
      const v = placed[p++];
      // A timestamp shows in its own format: `{ time: epoch-s }` renders seconds.
      out += part.time !== undefined && typeof v === 'number' ? formatTimestamp(v, part.time) : renderPiece(v, part.width);
    }
    return memo === null ? out : memo.keep(placed, out);
  };
  return eventTimeOnly ? { evaluate, deps, eventTimeOnly } : { evaluate, deps };
}

/** Text of a value inside a template or key; numbers zero-padded to `width`. */
export function renderPiece(value: FieldValue, width = 0): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' && !(value instanceof Sym) ? JSON.stringify(value) : String(value);
  return width > 0 && typeof value === 'number' ? text.padStart(width, '0') : text;
}

/** A pool of `size` values drawn once per run from the pool's own stream; events pick from it. */
function pooled(inner: Evaluator, size: number, pick: ((rng: Rng) => number) | null, distinct: boolean, ctx: ValueContext, where: string): Evaluator {
  const rng: Rng = streamFor(ctx.seed, Domain.pool, hashName(where));
  const scratch = new Session(0, 0, rng, ctx.varSlots.size, { counters: new Float64Array(0) }, 0);
  let values: FieldValue[];
  try {
    values = drawPool(() => keep(inner(scratch)), size, distinct);
  } catch (error) {
    throw new Error(`${where}.pool: ${(error as Error).message}`);
  }
  if (pick === null) return (s) => values[Math.floor(s.rng.next() * size)];
  return (s) => values[pick(s.rng)];
}

function toFieldValue(value: unknown, syms: SymTable): FieldValue {
  if (typeof value === 'string') return syms.get(value);
  return value as FieldValue;
}

export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
