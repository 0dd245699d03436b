import { AliasTable } from '../random/alias.js';
import type { Sampler } from '../random/distributions.js';
import { constant } from '../random/distributions.js';
import type { FieldSpec, FieldValue, Layout, OutputSchema, TimeFormat } from '../engine/event.js';
import { EVALUATE, READ_TIME, type Evaluator, type Session } from '../engine/session.js';
import { ZoneOffsets } from '../time/time-zones.js';
import { Sym, SymTable } from '../engine/sym.js';
import { UsageError } from '../errors.js';
import { indexSampler, samplerFor } from './compile-distribution.js';
import { compileCatalogs } from './compile-catalogs.js';
import { capacityFor, timedSamplerFor } from './compile-timing.js';
import { compileValue, type CompiledCatalog, type CompiledValue, type ValueContext } from './compile-values.js';
import { cartVariable, compileCartAction, type CartBinding } from './compile-cart.js';
import { compileDelivery, lateHorizonMs } from './compile-delivery.js';
import { compileFaults } from './compile-faults.js';
import type { FaultPlan } from '../faults/plan.js';
import { compileTransitions } from './compile-transitions.js';
import { compileThen } from './compile-then.js';
import { compileExperiments, compileTimeline, reweighFor } from './compile-timeline.js';
import { nextOf } from './transitions.js';
import { validateRaw } from './load.js';
import { formatPath, setAtPath, type PathKey } from './paths.js';
import { checkStateExists } from './state-path.js';
import { parseTemplate } from './refs.js';
import { sourceFieldNames } from './rules.js';
import { steadyColumns } from './steady-columns.js';
import { DEFAULT_SESSION_TIMEOUT_S, type Scenario, type State, type ValueSource } from './schema.js';
import type { Assignments, CompiledArrivals, CompiledPopulation, CompiledState, CompiledZones, Machine, SimulationModel } from '../engine/model.js';

// The model the engine runs is defined with the engine; its parts are named here too for the compiler's readers.
export type { Assignments, CompiledArrivals, CompiledPopulation, CompiledState, CompiledZones, Machine, SimulationModel };

function assignments(pairs: readonly (readonly [number, Evaluator])[]): Assignments {
  return { slots: Int32Array.from(pairs.map(([slot]) => slot)), values: pairs.map(([, evaluate]) => evaluate) };
}

/** A scenario ready to run: immutable, with catalogs and pools drawn from the seed. */
export interface CompiledScenario extends SimulationModel {
  readonly description: string;
  readonly catalogs: ReadonlyMap<string, CompiledCatalog>;
  /** Defaults for sinks (`kafka.topic`, ...). */
  readonly sinks: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly source: Scenario;
  /** Duplicates, drops, bad records and the answer key's windows; null without `faults` or `answer_key`. */
  readonly faults: FaultPlan | null;
  /** The longest late delay, ms (compile-delivery.ts); 0 without late delivery. */
  readonly lateHorizonMs: number;
}

/** Seconds in a state without `dwell`. */
export const DEFAULT_DWELL: Sampler = constant(30);

function userPicker(pick: Scenario['population']['pick'], users: number): CompiledPopulation['pick'] {
  if (pick === 'sequential') return (_rng, session) => session % users;
  if (pick !== undefined) {
    const index = indexSampler(pick, users);
    return (rng) => index(rng);
  }
  return (rng) => Math.floor(rng.next() * users);
}

/** Compiles a validated scenario for `seed`. Throws UsageError for problems only visible when compiling. */
export function compileScenario(scenario: Scenario, seed: number, display = scenario.name): CompiledScenario {
  try {
    return compileUnchecked(scenario, seed, display);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('SCENARIO_INVALID', `${display}: ${(error as Error).message}`, { cause: error });
  }
}

function compileUnchecked(scenario: Scenario, seed: number, display: string): CompiledScenario {
  const syms = new SymTable();
  const variants = segmentVariants(scenario, display);
  const catalogs = compileCatalogs(scenario, seed, syms);

  const varSlots = new Map<string, number>();
  const rowVars = new Map<string, CompiledCatalog>();
  const declare = (name: string, source: ValueSource, where: string): void => {
    if (!varSlots.has(name)) varSlots.set(name, varSlots.size);
    if (source !== null && typeof source === 'object' && 'pick' in source) {
      const catalog = catalogs.get(source.pick)!;
      const previous = rowVars.get(name);
      if (previous !== undefined && previous !== catalog) throw new Error(`${where}: "${name}" holds rows of ${previous.name} elsewhere; a variable holds rows of one catalog`);
      rowVars.set(name, catalog);
    }
  };
  for (const { scenario: v } of variants) {
    for (const [k, src] of Object.entries(v.session.vars ?? {})) declare(k, src, `session.vars.${k}`);
    for (const [state, def] of Object.entries(v.states)) {
      for (const [k, src] of Object.entries(def.set_on_entry ?? {})) declare(k, src, `states.${state}.set_on_entry.${k}`);
      for (const [k, src] of Object.entries(def.set ?? {})) declare(k, src, `states.${state}.set.${k}`);
    }
  }
  for (const [k, src] of Object.entries(scenario.population.attributes ?? {})) declare(`user.${k}`, src, `population.attributes.${k}`);
  // Source fields are held for the event being written, where output fields read them as `field.NAME`.
  const sourceNames = [...new Set(variants.flatMap((v) => sourceFieldNames(v.scenario)))];
  for (const name of sourceNames) declare(`field.${name}`, null, `source_fields.${name}`);
  const sourceSlots = Int32Array.from(sourceNames, (name) => varSlots.get(`field.${name}`)!);

  // One counter per place in the scenario: every segment's copy of a state counts on the same one.
  const counters = new Map<string, number>();
  const allocateCounter = (where: string): number => {
    let slot = counters.get(where);
    if (slot === undefined) counters.set(where, (slot = counters.size));
    return slot;
  };
  const cartName = cartVariable(scenario.states);
  const cart: CartBinding | null = cartName === null ? null : { slot: varSlots.get(cartName)!, catalog: rowVars.get(cartName) ?? null };
  const faults = compileFaults(scenario.faults, scenario.answer_key, seed);
  // Faults are decided per event of a session, so with them every event goes through delivery.
  const delivery = scenario.delivery === undefined && faults === null ? null : compileDelivery(scenario.delivery, seed, faults?.position);
  // Slots that keep their value for the whole session: values built only from them are computed once per session.
  const assignedLater = new Set<number>([...sourceSlots, ...(cart === null ? [] : [cart.slot])]);
  for (const { scenario: v } of variants) {
    for (const state of Object.values(v.states)) for (const k of [...Object.keys(state.set ?? {}), ...Object.keys(state.set_on_entry ?? {})]) assignedLater.add(varSlots.get(k)!);
  }
  const sessionSlots = new Set([...varSlots.values()].filter((slot) => !assignedLater.has(slot)));
  const allocateSlot = (): number => {
    const slot = varSlots.size;
    varSlots.set(`#session-value-${slot}`, slot);
    return slot;
  };
  const experiments = Object.entries(scenario.experiments ?? {}).map(([name, e]) => ({ name, arms: Object.keys(e.arms) }));
  const ctx: ValueContext = { seed, syms, varSlots, rowVars, catalogs, cart, delivery: scenario.delivery !== undefined, allocateCounter, sessionSlots, allocateSlot, experiments };

  const columns = collectColumns(variants.map((v) => v.scenario));
  const times = new Map<string, TimeFormat>();
  /** Fields that write the event's own time: what a Kafka record's timestamp must equal. */
  const eventTimes = new Set<string>();
  const sessionConstant = new Set<Evaluator>();
  const rowColumns = new Map<Evaluator, number>();
  /**
   * What each field is computed from, over every state and segment (a segment's copy of a
   * source is another object: keyed by its text): a field of the event time alone can be
   * written again for a new time.
   */
  const fieldSources = new Map<string, Map<string, CompiledValue>>();
  // A scenario-level field is compiled once for all states: its pool and counter are shared.
  // A literal too: one evaluator for all states shows its column is steady (steady-columns.ts).
  const compiledSources = new Map<ValueSource, CompiledValue>();
  const compileField = (name: string, source: ValueSource, where: string): [number, CompiledValue] => {
    let compiled = compiledSources.get(source);
    if (compiled === undefined) {
      compiled = compileValue(source, ctx, where);
      compiledSources.set(source, compiled);
    }
    if (compiled.steady === true) sessionConstant.add(compiled.evaluate);
    if (compiled.rowSlot !== undefined) rowColumns.set(compiled.evaluate, compiled.rowSlot);
    fieldSources.set(name, (fieldSources.get(name) ?? new Map<string, CompiledValue>()).set(JSON.stringify(source), compiled));
    if (compiled.time !== undefined) {
      const previous = times.get(name);
      if (previous !== undefined && previous !== compiled.time) throw new Error(`${where}: field "${name}" is written as ${previous} elsewhere; one field has one time format`);
      times.set(name, compiled.time);
      if (compiled.read === READ_TIME) eventTimes.add(name);
    }
    return [columns.indexOf(name), compiled];
  };

  const layouts: Layout[] = [];
  const sources = { names: sourceNames, slots: sourceSlots, compiled: new Map<ValueSource, CompiledValue>() };
  const machines = variants.map(({ segment, scenario: v }) => compileMachine(v, segment === null ? null : syms.get(segment), ctx, compileField, layouts, sources));

  const timeColumns = new Set([...times.keys()].map((name) => columns.indexOf(name)));
  const steady = steadyColumns(machines, columns.length, sessionConstant, timeColumns, [...(cart === null ? [] : [cart.slot]), ...sourceSlots], rowColumns);
  const fields: FieldSpec[] = columns.map((name, index) => {
    const time = times.get(name);
    const base = { index, name, path: name.split('.'), steady: steady[index] };
    if (time === undefined) {
      const retime = retimeOf(fieldSources.get(name)?.values());
      return retime === null ? base : { ...base, retime };
    }
    const sessionStart = [...(fieldSources.get(name)?.values() ?? [])].every((c) => c.sessionStart === true);
    return { ...base, time, ...(eventTimes.has(name) ? { eventTime: true } : {}), ...(sessionStart ? { sessionStart } : {}) };
  });
  const schema: OutputSchema = { fields, layouts, indexOf: (name) => columns.indexOf(name) };

  const population = scenario.population;
  const idParts = population.id === undefined ? null : parseTemplate(population.id);
  if (typeof idParts === 'string') throw new Error(`population.id: ${idParts}`);
  const attributes = Object.entries(population.attributes ?? {}).map(
    ([k, src]) => [varSlots.get(`user.${k}`)!, compileValue(src, ctx, `population.attributes.${k}`).evaluate] as const,
  );
  const segmentWeights = Object.values(population.segments ?? {}).map((s) => s.weight);
  const whenFull = scenario.arrivals.when_full;
  return {
    name: scenario.name,
    display,
    description: scenario.description ?? '',
    seed,
    schema,
    syms,
    population: {
      users: population.users,
      first: population.first,
      pick: userPicker(population.pick, population.users),
      uniformPick: population.pick === undefined,
      anonymousRate: population.anonymous_rate,
      userId: userIdFormatter(idParts, population.first),
      segments: segmentWeights.length > 0 ? new AliasTable(segmentWeights) : null,
      returning: population.returning ?? null,
      returns: Float64Array.from(Object.values(population.segments ?? { all: {} }).map((s: { returns?: number }) => s.returns ?? 1)),
      attributes: assignments(attributes),
    },
    arrivals: {
      rate: scenario.arrivals.rate,
      hourly: scenario.arrivals.hourly ? Float64Array.from(scenario.arrivals.hourly) : null,
      weekly: scenario.arrivals.weekly ? Float64Array.from(scenario.arrivals.weekly) : null,
      interarrival: scenario.arrivals.interarrival ? timedSamplerFor(scenario.arrivals.interarrival) : null,
      maxConcurrent: scenario.arrivals.max_concurrent ?? Number.MAX_SAFE_INTEGER,
      capAt: capacityFor(scenario.arrivals.max_concurrent ?? Number.MAX_SAFE_INTEGER, scenario.arrivals.schedule),
      capVaries: scenario.arrivals.schedule !== undefined && scenario.arrivals.schedule.type !== 'constant',
      retryMs: whenFull === undefined || whenFull === 'wait' ? 0 : Math.max(1, Math.round(whenFull.retry_after * 1000)),
      zones: compileZones(scenario.arrivals.timezones, syms),
    },
    machines,
    varCount: varSlots.size,
    counterCount: counters.size,
    sessionTimeoutMs: (scenario.session.timeout ?? DEFAULT_SESSION_TIMEOUT_S) * 1000,
    catalogs,
    delivery,
    timeline: compileTimeline(scenario.timeline, syms),
    experiments: compileExperiments(scenario.experiments, syms),
    reweigh: reweighFor(variants.map((v) => v.scenario)),
    faults,
    lateHorizonMs: lateHorizonMs(scenario.delivery),
    sinks: scenario.sinks ?? {},
    source: scenario,
  };
}

/** A field computed by one value of the event time alone, in every state: that value at another time. */
function retimeOf(sources: Iterable<CompiledValue> | undefined): ((eventTime: number) => FieldValue) | null {
  const all = [...(sources ?? [])];
  if (all.length !== 1) return null;
  const [only] = all;
  if (only.eventTimeOnly !== true) return null;
  // It reads nothing of the session but its time, and draws nothing.
  return (eventTime) => only.evaluate({ time: eventTime } as Session);
}

function compileMachine(
  scenario: Scenario,
  segment: Sym | null,
  ctx: ValueContext,
  compileField: (name: string, source: ValueSource, where: string) => [number, CompiledValue],
  layouts: Layout[],
  sources: SourceFields,
): Machine {
  const names = Object.keys(scenario.states);
  const index = (name: string): number => (name === 'end' ? -1 : names.indexOf(name));
  const states = Object.entries(scenario.states).map(([name, def]): CompiledState => {
    const omit = new Set(def.omit ?? []);
    const hasSources = scenario.source_fields !== undefined;
    const merged = new Map<string, ValueSource>();
    for (const [k, src] of Object.entries(scenario.fields)) if (hasSources || !omit.has(k)) merged.set(k, src);
    for (const [k, src] of Object.entries(def.fields ?? {})) merged.set(k, src);
    const fields = [...merged].map(([k, src]) => compileField(k, src, def.fields && k in def.fields ? `states.${name}.fields.${k}` : `fields.${k}`));
    fields.sort((a, b) => a[0] - b[0]);
    if (hasSources && fields.length > 0 && def.event !== null) {
      // The source fields are computed before the first output field, in the engine's field loop,
      // so they draw from the session's stream exactly where the scenario's own fields did.
      const prelude = compileSources(scenario, def, omit, ctx, sources, name);
      const [column, first] = fields[0];
      fields[0] = [column, { evaluate: (s) => (prelude(s), first.evaluate(s)) }];
    }
    const layout = internLayout(layouts, fields.map(([col]) => col));
    const eventName = def.event === undefined ? name : def.event;
    const set = assignments(Object.entries(def.set ?? {}).map(([k, src]) => [ctx.varSlots.get(k)!, compileValue(src, ctx, `states.${name}.set.${k}`).evaluate] as const));
    return {
      name: ctx.syms.get(name),
      eventType: eventName === null ? null : ctx.syms.get(eventName),
      enter: assignments(Object.entries(def.set_on_entry ?? {}).map(([k, src]) => [ctx.varSlots.get(k)!, compileValue(src, ctx, `states.${name}.set_on_entry.${k}`).evaluate] as const)),
      delay: def.delay ? timedSamplerFor(def.delay) : null,
      setSlots: set.slots,
      setValues: set.values,
      fieldColumns: Int32Array.from(fields.map(([column]) => column)),
      fieldValues: fields.map(([, compiled]) => compiled.evaluate),
      fieldSlots: Int32Array.from(fields.map(([, compiled]) => compiled.slot ?? compiled.read ?? EVALUATE)),
      layout,
      dwell: compileDwell(def.dwell, ctx, `states.${name}.dwell`),
      ...(def.then === undefined ? compileTransitions(nextOf(def), index) : compileThen(def.then, index, ctx, `states.${name}.then`)),
      cart: def.cart === undefined ? null : compileCartAction(def.cart, ctx.cart, def.cart !== 'clear' && 'quantity' in def.cart && def.cart.quantity !== undefined ? (ctx.varSlots.get(def.cart.quantity) ?? null) : null),
    };
  });
  return {
    segment,
    states,
    initial: index(scenario.initial ?? names[0]),
    sessionId: scenario.session.id === undefined ? compileValue({ uuid: true }, ctx, 'session.id').evaluate : compileValue(scenario.session.id, ctx, 'session.id').evaluate,
    sessionVars: assignments(Object.entries(scenario.session.vars ?? {}).map(([k, src]) => [ctx.varSlots.get(k)!, compileValue(src, ctx, `session.vars.${k}`).evaluate] as const)),
    lengthMs: compileSessionLength(scenario.session),
  };
}

interface SourceFields {
  readonly names: readonly string[];
  readonly slots: Int32Array;
  /** One compilation per source (its pool and counter shared by every state that writes it). */
  readonly compiled: Map<ValueSource, CompiledValue>;
}

/** Sets every `field.NAME` slot for one state's events: the source field's value, or undefined where the state leaves it out. */
function compileSources(scenario: Scenario, def: State, omit: ReadonlySet<string>, ctx: ValueContext, sources: SourceFields, state: string): (s: Session) => void {
  const evaluators = sources.names.map((name): Evaluator => {
    const own = def.source_fields?.[name];
    const src = own !== undefined ? own : omit.has(name) ? undefined : scenario.source_fields?.[name];
    if (src === undefined) return () => undefined;
    let compiled = sources.compiled.get(src);
    if (compiled === undefined) {
      compiled = compileValue(src, ctx, own !== undefined ? `states.${state}.source_fields.${name}` : `source_fields.${name}`);
      sources.compiled.set(src, compiled);
    }
    return compiled.evaluate;
  });
  const slots = sources.slots;
  return (s) => {
    const vars = s.vars;
    for (let i = 0; i < evaluators.length; i++) vars[slots[i]] = evaluators[i](s);
  };
}


function compileDwell(dwell: State['dwell'], ctx: ValueContext, where: string): (session: Session) => number {
  if (dwell !== undefined && 'ref' in dwell) {
    // A variable set on entering the state: the event can carry the time it is viewed for.
    const value = compileValue(dwell, ctx, where).evaluate;
    return (s) => {
      const v = value(s);
      return typeof v === 'number' ? v : 0;
    };
  }
  const sampler = dwell === undefined ? DEFAULT_DWELL : samplerFor(dwell);
  return (s) => sampler.sample(s.rng);
}

/** The session's limit: the planned length (scaled) when given, capped by max_duration. */
function compileSessionLength(session: Scenario['session']): (session: Session) => number {
  const maxMs = session.max_duration === undefined ? Infinity : session.max_duration * 1000;
  if (session.duration === undefined) return () => maxMs;
  const planned = samplerFor(session.duration);
  const scaleMs = (session.duration_scale ?? 1) * 1000;
  return (s) => Math.min(maxMs, Math.round(planned.sample(s.rng) * scaleMs));
}

function compileZones(timezones: Readonly<Record<string, number>> | undefined, syms: SymTable): CompiledZones | null {
  if (timezones === undefined || Object.keys(timezones).length === 0) return null;
  const names = Object.keys(timezones);
  const total = Object.values(timezones).reduce((a, b) => a + b, 0);
  return {
    names: names.map((n) => syms.get(n)),
    shares: Float64Array.from(Object.values(timezones), (w) => w / total),
    offsets: new ZoneOffsets(names),
  };
}

function internLayout(layouts: Layout[], columns: number[]): Layout {
  const found = layouts.find((l) => l.columns.length === columns.length && l.columns.every((c, i) => c === columns[i]));
  if (found) return found;
  const layout: Layout = { id: layouts.length, columns };
  layouts.push(layout);
  return layout;
}

/** The output columns: the scenario's fields in order, then fields that only some states add. */
function collectColumns(variants: readonly Scenario[]): string[] {
  const columns: string[] = [];
  const add = (name: string): void => {
    if (!columns.includes(name)) columns.push(name);
  };
  for (const v of variants) for (const name of Object.keys(v.fields)) add(name);
  for (const v of variants) for (const state of Object.values(v.states)) for (const name of Object.keys(state.fields ?? {})) add(name);
  return columns;
}

/** One scenario per segment, with the segment's overrides applied and validated; one entry without segments. */
export function segmentVariants(scenario: Scenario, display: string): { segment: string | null; scenario: Scenario }[] {
  const segments = scenario.population.segments;
  if (segments === undefined || Object.keys(segments).length === 0) return [{ segment: null, scenario }];
  return Object.entries(segments).map(([name, segment]) => {
    if (segment.set === undefined) return { segment: name, scenario };
    const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
    for (const [pathText, value] of Object.entries(segment.set)) {
      const path: PathKey[] = pathText.split('.');
      // As --set: a misspelt state would become a state of its own, and the segment change nothing.
      checkStateExists(copy, path, `${display}: population.segments.${name}.set: ${pathText}`, 'SCENARIO_INVALID');
      if (!setAtPath(copy, path, value)) {
        throw new UsageError('SCENARIO_INVALID', `${display}: population.segments.${name}.set: "${pathText}" is inside a value that is not a mapping`);
      }
    }
    const where = `${display} (segment ${name}, after population.segments.${name}.set)`;
    return { segment: name, scenario: validateRaw(copy, where).scenario };
  });
}

function userIdFormatter(parts: ReturnType<typeof parseTemplate> | null, first: number): (index: number) => FieldValue {
  if (parts === null || typeof parts === 'string') return (index) => first + index;
  return (index) => {
    let out = '';
    const n = first + index;
    for (const part of parts) {
      out += part.literal;
      if (part.ref !== undefined) out += part.width ? String(n).padStart(part.width, '0') : String(n);
    }
    return out;
  };
}

export { formatPath, nextOf };
