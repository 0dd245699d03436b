import type { PathKey } from './paths.js';
import { isTimeZone } from '../time/time-zones.js';
import { BUILTIN_REFS, isBuiltinRef, parseTemplate } from './refs.js';
import { DEFAULT_SESSION_TIMEOUT_S, type Catalog, type Distribution, type Scenario, type Transition, type ValueSource } from './schema.js';
import { didYouMean } from './suggest.js';
import { checkAnswerKey } from './rules-answer-key.js';
import { checkCart } from './rules-cart.js';
import { checkDelivery, checkFaults } from './rules-delivery.js';
import { checkTimelineRules, experimentRefs } from './rules-timeline.js';
import { checkDrift } from './rules-drift.js';
import { nextOf, thenTargets, transitionWeight } from './transitions.js';

export interface RuleProblem {
  readonly path: PathKey[];
  readonly message: string;
}

const SUM_TOLERANCE = 1e-9;
/** Times a `time` value can be relative to. */
const TIME_BASES = ['event.time', 'session.start', 'event.processing_time'];

/**
 * Checks of what a scenario gives, before its defaults fill in the rest (arrivals' rate has one,
 * so the checked scenario cannot tell a rate given from one left out).
 */
export function checkGiven(value: unknown): RuleProblem[] {
  const arrivals = value !== null && typeof value === 'object' ? (value as { arrivals?: unknown }).arrivals : undefined;
  if (arrivals === null || typeof arrivals !== 'object' || !('rate' in arrivals) || !('interarrival' in arrivals)) return [];
  return [{ path: ['arrivals', 'rate'], message: "sessions per second, which interarrival replaces: give one of them (an extending file removes the base's rate with rate: null)" }];
}

/** The smallest value a distribution draws, where it has one above 0 (constant, uniform); undefined otherwise. */
function leastValue(d: Distribution): number | undefined {
  if (d.type === 'constant') return d.value;
  if (d.type === 'uniform') return d.min;
  return undefined;
}

/** Checks that span several places of a scenario. Returns every problem found. */
export function checkRules(scenario: Scenario): { errors: RuleProblem[]; warnings: RuleProblem[] } {
  const errors: RuleProblem[] = [];
  const warnings: RuleProblem[] = [];
  const stateNames = Object.keys(scenario.states);
  const timeout = scenario.session.timeout ?? DEFAULT_SESSION_TIMEOUT_S;
  const catalogs = scenario.catalogs ?? {};
  const varNames = new Set<string>([
    ...Object.keys(scenario.session.vars ?? {}),
    ...Object.values(scenario.states).flatMap((s) => [...Object.keys(s.set_on_entry ?? {}), ...Object.keys(s.set ?? {})]),
    ...Object.keys(scenario.population.attributes ?? {}).map((a) => `user.${a}`),
    ...sourceFieldNames(scenario).map((f) => `field.${f}`),
    // An experiment's arm reads like a variable of the session.
    ...experimentRefs(scenario),
  ]);
  // Variables that hold a catalog row: `geo.city` reads a column of cities.
  const rowVars = new Map<string, string>();
  const declared = [Object.entries(scenario.session.vars ?? {}), ...Object.values(scenario.states).flatMap((s) => [Object.entries(s.set_on_entry ?? {}), Object.entries(s.set ?? {})])];
  for (const [name, source] of declared.flat()) {
    if (source !== null && typeof source === 'object' && 'pick' in source && Object.hasOwn(catalogs, source.pick)) rowVars.set(name, source.pick);
  }
  // `omit` leaves out source fields when the scenario has them (a vocabulary writes its own fields).
  const omittable = scenario.source_fields ?? scenario.fields;

  const initial = scenario.initial ?? stateNames[0];
  if (!stateNames.includes(initial)) {
    errors.push({ path: ['initial'], message: `unknown state "${initial}"${didYouMean(initial, stateNames)}; states are ${stateNames.join(', ')}` });
  }

  for (const [name, state] of Object.entries(scenario.states)) {
    const key = state.next_weights === undefined ? 'next' : 'next_weights';
    let sum = 0;
    let unknownTarget = false;
    const transitions: Readonly<Record<string, Transition>> = state[key] ?? {};
    for (const [target, t] of Object.entries(transitions)) {
      sum += transitionWeight(t);
      if (target !== 'end' && !stateNames.includes(target)) {
        unknownTarget = true;
        errors.push({ path: ['states', name, key, target], message: `transition to unknown state "${target}"${didYouMean(target, [...stateNames, 'end'])}; states are ${stateNames.join(', ')}, or end` });
      }
    }
    // A mistyped target (often a --set typo) is the mistake: the sum it pushes over 1 is not a second one.
    if (key === 'next' && !unknownTarget && sum > 1 + SUM_TOLERANCE) {
      errors.push({ path: ['states', name, 'next'], message: `probabilities sum to ${round(sum)}; they must sum to at most 1 (the rest ends the session), or give relative weights as next_weights` });
    }
    if (state.then !== undefined) {
      for (const target of thenTargets(state.then)) {
        if (!stateNames.includes(target)) errors.push({ path: ['states', name, 'then'], message: `leads to unknown state "${target}"; states are ${stateNames.join(', ')}` });
      }
      if (state.next !== undefined || state.next_weights !== undefined) {
        errors.push({ path: ['states', name, 'then'], message: 'give either then (the next state, without a draw) or next / next_weights, not both' });
      }
    }
    if (key === 'next_weights' && state.next !== undefined) {
      errors.push({ path: ['states', name, 'next_weights'], message: 'give either next (probabilities) or next_weights (relative weights), not both' });
    }
    if (key === 'next_weights' && sum <= 0) {
      errors.push({ path: ['states', name, 'next_weights'], message: 'weights must add up to more than 0' });
    }
    if (state.dwell && !('ref' in state.dwell)) checkDistribution(state.dwell, ['states', name, 'dwell'], errors);
    // A wait past the timeout ends the session at this state's event, whatever next says.
    const least = state.dwell === undefined || 'ref' in state.dwell ? undefined : leastValue(state.dwell);
    if (least !== undefined && least > timeout && Object.keys(nextOf(state)).some((target) => target !== 'end')) {
      warnings.push({ path: ['states', name, 'dwell'], message: `is at least ${least} s, longer than session.timeout (${timeout} s): every session ends at this state, and its next states are never reached; raise session.timeout or shorten the dwell` });
    }
    if (state.delay && state.delay.type !== 'gmm_temporal') checkDistribution(state.delay, ['states', name, 'delay'], errors);
    for (const omitted of state.omit ?? []) {
      if (!(omitted in omittable)) {
        errors.push({ path: ['states', name, 'omit'], message: `"${omitted}" is not a field; fields are ${Object.keys(omittable).join(', ')}` });
      }
    }
  }

  for (const trapped of findSilentTraps(scenario)) {
    errors.push({
      path: ['states', trapped],
      message: 'is silent (event: null) and every path from it stays in silent states: a session here would never emit or end; let one of them end the session or lead to a state with an event',
    });
  }

  const unreachable = findUnreachable(scenario, initial);
  for (const name of unreachable) {
    warnings.push({ path: ['states', name], message: 'state is unreachable from the initial state' });
  }
  // Without a planned length or a cap, a session in a loop with no way out runs for the whole run.
  if (scenario.session.max_duration === undefined && scenario.session.duration === undefined) {
    for (const name of findEndless(scenario).filter((state) => !unreachable.includes(state))) {
      warnings.push({ path: ['states', name], message: 'no path from this state ends the session, and sessions have no max_duration or duration: a session that gets here never ends; give a transition to end (or probabilities under 1), or session.max_duration' });
    }
  }
  // Sessions that can never emit would keep a run that counts events (-n) going forever.
  if (stateNames.includes(initial) && stateNames.every((name) => unreachable.includes(name) || scenario.states[name].event === null)) {
    errors.push({ path: ['states'], message: `no state reachable from the initial state "${initial}" has an event (all are event: null), so no session would ever emit one` });
  }

  const cartCatalog = cartVariableCatalog(scenario, rowVars);
  const checkSource = (source: ValueSource, path: PathKey[]): void => checkValueSource(source, path, { catalogs, varNames, rowVars, cartCatalog, errors });
  for (const [k, v] of Object.entries(scenario.fields)) checkSource(v, ['fields', k]);
  // A row is a set of columns, not one value: it is written as a bare list of its values, which
  // no record schema can type (schema --records, Avro and Parquet refuse it).
  const checkNotRow = (source: ValueSource, path: PathKey[]): void => {
    if (typeof source === 'object' && source !== null && 'pick' in source) {
      warnings.push({ path: [...path, 'pick'], message: `a whole ${source.pick} row is written as a list of its values, without their column names, and typed formats refuse it; pick it into a variable (a session var, or a state's set) and write one of its columns ({ ref: VARIABLE.COLUMN })` });
    }
  };
  for (const [k, v] of Object.entries(scenario.fields)) checkNotRow(v, ['fields', k]);
  for (const [name, state] of Object.entries(scenario.states)) for (const [k, v] of Object.entries(state.fields ?? {})) checkNotRow(v, ['states', name, 'fields', k]);
  for (const [k, v] of Object.entries(scenario.source_fields ?? {})) checkSource(v, ['source_fields', k]);
  for (const [k, v] of Object.entries(scenario.session.vars ?? {})) checkSource(v, ['session', 'vars', k]);
  if (scenario.session.id !== undefined) checkSource(scenario.session.id, ['session', 'id']);
  for (const [k, v] of Object.entries(scenario.population.attributes ?? {})) checkSource(v, ['population', 'attributes', k]);
  for (const [name, state] of Object.entries(scenario.states)) {
    for (const [k, v] of Object.entries(state.set_on_entry ?? {})) checkSource(v, ['states', name, 'set_on_entry', k]);
    for (const [k, v] of Object.entries(state.set ?? {})) checkSource(v, ['states', name, 'set', k]);
    for (const [k, v] of Object.entries(state.fields ?? {})) checkSource(v, ['states', name, 'fields', k]);
    for (const [k, v] of Object.entries(state.source_fields ?? {})) checkSource(v, ['states', name, 'source_fields', k]);
    if (state.source_fields !== undefined && scenario.source_fields === undefined) {
      errors.push({ path: ['states', name, 'source_fields'], message: 'needs the scenario-level source_fields it adds to' });
    }
    if (state.dwell && 'ref' in state.dwell) checkRef(state.dwell.ref, ['states', name, 'dwell', 'ref'], { catalogs, varNames, rowVars, cartCatalog, errors });
  }
  for (const [name, catalog] of Object.entries(catalogs)) {
    if (catalog.rows === undefined && (catalog.size === undefined || catalog.columns === undefined)) {
      errors.push({ path: ['catalogs', name], message: 'needs either rows, or size and columns' });
    }
    // A column may use the row's index and the columns before it (a price by category).
    const earlier = new Set(['index']);
    for (const [k, v] of Object.entries(catalog.columns ?? {})) {
      checkValueSource(v, ['catalogs', name, 'columns', k], { catalogs, varNames: new Set(earlier), errors });
      earlier.add(k);
    }
  }
  const { pick } = scenario.population;
  if (pick !== undefined && pick !== 'sequential') checkDistribution(pick, ['population', 'pick'], errors, true);
  if (scenario.session.duration) checkDistribution(scenario.session.duration, ['session', 'duration'], errors);
  if (scenario.session.duration_scale !== undefined && scenario.session.duration === undefined) {
    errors.push({ path: ['session', 'duration_scale'], message: 'scales session.duration, which is not given' });
  }
  const { arrivals } = scenario;
  if (arrivals.interarrival !== undefined) {
    if (arrivals.hourly !== undefined || arrivals.weekly !== undefined) {
      errors.push({ path: ['arrivals', 'interarrival'], message: 'hourly and weekly curves shape rate, which interarrival replaces; use a gmm_temporal interarrival for a daily shape' });
    }
    if (arrivals.interarrival.type !== 'gmm_temporal') checkDistribution(arrivals.interarrival, ['arrivals', 'interarrival'], errors);
  }
  const segments = scenario.population.segments;
  if (segments && Object.values(segments).reduce((a, s) => a + s.weight, 0) <= 0) {
    errors.push({ path: ['population', 'segments'], message: 'segment weights must add up to more than 0' });
  }
  checkFieldNesting(Object.keys(scenario.fields), errors);
  checkVisitors(scenario, errors);
  checkCart(scenario, initial, varNames, errors, warnings);
  if (scenario.delivery) checkDelivery(scenario.delivery, errors);
  if (scenario.faults) checkFaults(scenario.faults, errors);
  checkTimelineRules(scenario, errors);
  checkAnswerKey(scenario, errors);
  if (scenario.faults?.drift) checkDrift(scenario, scenario.faults.drift, errors);
  return { errors, warnings };
}

interface SourceContext {
  catalogs: Readonly<Record<string, Catalog>>;
  varNames: ReadonlySet<string>;
  /** Variables holding a catalog row, with the catalog's name. */
  rowVars?: ReadonlyMap<string, string>;
  /** The catalog whose rows the cart holds (the first cart add's variable), if it holds rows. */
  cartCatalog?: string;
  errors: RuleProblem[];
}

/** The catalog of the variable the first cart add names, when that variable holds catalog rows. */
function cartVariableCatalog(scenario: Scenario, rowVars: ReadonlyMap<string, string>): string | undefined {
  for (const state of Object.values(scenario.states)) {
    if (state.cart !== undefined && state.cart !== 'clear' && 'add' in state.cart) return rowVars.get(state.cart.add);
  }
  return undefined;
}

function checkValueSource(source: ValueSource, path: PathKey[], ctx: SourceContext): void {
  if (source === null || typeof source !== 'object') return;
  const { errors } = ctx;
  if ('choice' in source) {
    const { choice, weights, index } = source;
    if (index !== undefined) {
      if (!Array.isArray(choice)) errors.push({ path: [...path, 'index'], message: 'needs choice to be a list (positions index into it)' });
      if (weights !== undefined) errors.push({ path: [...path, 'index'], message: 'give either weights or index, not both' });
      checkDistribution(index, [...path, 'index'], errors, true);
    }
    if (Array.isArray(choice) && weights !== undefined && weights.length !== choice.length) {
      errors.push({ path: [...path, 'weights'], message: `has ${weights.length} weights for ${choice.length} choices; give one weight per choice` });
    }
    const all: readonly number[] = Array.isArray(choice) ? (weights ?? []) : Object.values(choice as Record<string, number>);
    if (all.length > 0 && all.reduce((a, b) => a + b, 0) <= 0) {
      errors.push({ path: [...path, 'choice'], message: 'weights must add up to more than 0' });
    }
  } else if ('number' in source) {
    checkDistribution(source.number, [...path, 'number'], errors);
    if (source.times !== undefined) checkRef(source.times, [...path, 'times'], ctx);
    if (source.min !== undefined && source.max !== undefined && source.min > source.max) {
      errors.push({ path: [...path, 'min'], message: `min ${source.min} is greater than max ${source.max}` });
    }
  } else if ('ref' in source) {
    checkRef(source.ref, [...path, 'ref'], ctx);
  } else if ('template' in source) {
    const locals = source.with ?? {};
    for (const [k, v] of Object.entries(locals)) checkValueSource(v, [...path, 'with', k], ctx);
    const parts = parseTemplate(source.template);
    if (typeof parts === 'string') errors.push({ path: [...path, 'template'], message: parts });
    else for (const part of parts) if (part.ref !== undefined && !Object.hasOwn(locals, part.ref)) checkRef(part.ref, [...path, 'template'], ctx);
  } else if ('pick' in source) {
    if (!(source.pick in ctx.catalogs)) {
      const known = Object.keys(ctx.catalogs);
      errors.push({ path: [...path, 'pick'], message: `unknown catalog "${source.pick}"${didYouMean(source.pick, known)}; ${known.length > 0 ? `catalogs are ${known.join(', ')}` : 'the scenario defines no catalogs'}` });
    }
    else if (source.weight !== undefined) checkCatalogColumn(source.pick, ctx.catalogs[source.pick], source.weight, [...path, 'weight'], errors);
    if (source.skew) checkDistribution(source.skew, [...path, 'skew'], errors, true);
    if (source.skew && source.weight !== undefined) errors.push({ path: [...path, 'weight'], message: 'give either skew or weight, not both' });
  } else if ('match' in source) {
    checkRef(source.match, [...path, 'match'], ctx);
    for (const [k, v] of Object.entries(source.cases)) checkValueSource(v, [...path, 'cases', k], ctx);
    if (source.default !== undefined) checkValueSource(source.default, [...path, 'default'], ctx);
  } else if ('ip' in source && source.ip !== true) {
    for (const key of ['min', 'max'] as const) {
      const text = source.ip[key];
      if (text !== undefined && parseIpv4(text) === null) errors.push({ path: [...path, 'ip', key], message: `"${text}" is not an IPv4 address` });
    }
    if (source.ip.number !== undefined) {
      if (source.ip.min !== undefined || source.ip.max !== undefined) errors.push({ path: [...path, 'ip', 'number'], message: 'give either number or min/max, not both' });
      checkDistribution(source.ip.number, [...path, 'ip', 'number'], errors);
    }
  } else if ('time' in source) {
    if (source.of !== undefined && !TIME_BASES.includes(source.of) && !ctx.varNames.has(source.of)) {
      errors.push({ path: [...path, 'of'], message: `must be ${TIME_BASES.join(', ')} or a variable that holds a time (${[...ctx.varNames].join(', ') || 'none defined'})` });
    }
    if (source.at !== undefined) {
      if (source.of !== undefined || source.offset !== undefined) errors.push({ path: [...path, 'at'], message: 'a random instant (at) takes no of or offset' });
      checkDistribution(source.at, [...path, 'at'], errors);
    }
  } else if ('string' in source) {
    checkDistribution(source.string.length, [...path, 'string', 'length'], errors);
  } else if ('one_of' in source) {
    source.one_of.forEach((v, i) => checkValueSource(v, [...path, 'one_of', i], ctx));
    if (source.index !== undefined) {
      if (source.weights !== undefined) errors.push({ path: [...path, 'index'], message: 'give either weights or index, not both' });
      checkDistribution(source.index, [...path, 'index'], errors, true);
    }
    if (source.weights !== undefined && source.weights.length !== source.one_of.length) {
      errors.push({ path: [...path, 'weights'], message: `has ${source.weights.length} weights for ${source.one_of.length} options; give one weight per option` });
    } else if (source.weights !== undefined && source.weights.reduce((a, b) => a + b, 0) <= 0) {
      errors.push({ path: [...path, 'weights'], message: 'weights must add up to more than 0' });
    }
  } else if ('object' in source) {
    for (const [k, v] of Object.entries(source.object)) checkValueSource(v, [...path, 'object', k], ctx);
  } else if ('array' in source) {
    source.array.forEach((v, i) => checkValueSource(v, [...path, 'array', i], ctx));
  } else if ('json' in source) {
    checkValueSource(source.json, [...path, 'json'], ctx);
  } else if ('hash' in source) {
    checkRef(source.hash.of, [...path, 'hash', 'of'], ctx);
    if (source.hash.min !== undefined && source.hash.max !== undefined && source.hash.min > source.hash.max) {
      errors.push({ path: [...path, 'hash', 'min'], message: `min ${source.hash.min} is greater than max ${source.hash.max}` });
    }
  } else if (('uuid' in source && source.uuid !== true) || ('date' in source && source.date !== true)) {
    const of = 'uuid' in source ? (source.uuid as { of: string }).of : (source.date as { of: string }).of;
    checkRef(of, [...path, 'uuid' in source ? 'uuid' : 'date', 'of'], ctx);
  } else if ('list' in source) {
    checkValueSource(source.list, [...path, 'list'], ctx);
    checkDistribution(source.length, [...path, 'length'], errors);
  }
  if (source.pool_pick) checkDistribution(source.pool_pick, [...path, 'pool_pick'], errors, true);
}

/** The columns of a catalog as compiled: its rows' keys, or its generated columns. */
function catalogColumns(catalog: Catalog): string[] {
  return catalog.rows !== undefined ? [...new Set(catalog.rows.flatMap((row) => Object.keys(row)))] : Object.keys(catalog.columns ?? {});
}

function checkCatalogColumn(name: string, catalog: Catalog, column: string, path: PathKey[], errors: RuleProblem[]): void {
  const columns = catalogColumns(catalog);
  if (columns.includes(column)) return;
  errors.push({ path, message: `catalog ${name} has no column "${column}"${didYouMean(column, columns)}; columns are ${columns.join(', ')}` });
}

function checkRef(ref: string, path: PathKey[], ctx: SourceContext): void {
  if (ref.startsWith('cart.sum.')) {
    // Without a cart of catalog rows, compiling says what a cart sum needs.
    if (ctx.cartCatalog !== undefined) checkCatalogColumn(ctx.cartCatalog, ctx.catalogs[ctx.cartCatalog], ref.slice('cart.sum.'.length), path, ctx.errors);
    return;
  }
  if (isBuiltinRef(ref) || ctx.varNames.has(ref)) return;
  const dot = ref.indexOf('.');
  if (dot > 0) {
    const head = ref.slice(0, dot);
    const catalog = ctx.rowVars?.get(head);
    if (catalog !== undefined && !ref.includes('.', dot + 1)) return checkCatalogColumn(catalog, ctx.catalogs[catalog], ref.slice(dot + 1), path, ctx.errors);
    if (ctx.varNames.has(head) || ctx.varNames.has(ref.slice(0, ref.lastIndexOf('.')))) return;
  }
  ctx.errors.push({
    path,
    message: `unknown reference "${ref}"${didYouMean(ref, [...ctx.varNames, ...BUILTIN_REFS])}; use a variable (${[...ctx.varNames].join(', ') || 'none defined'}), a catalog column of one (product.price), or user.id, user.segment, session.id, session.start, event.type, event.time, event.index, event.processing_time, cart.size, cart.sum.COLUMN`,
  });
}

/** Names of the scenario's source fields, scenario-level and added by states. */
export function sourceFieldNames(scenario: Scenario): string[] {
  const names = new Set(Object.keys(scenario.source_fields ?? {}));
  for (const state of Object.values(scenario.states)) for (const name of Object.keys(state.source_fields ?? {})) names.add(name);
  return [...names];
}

/** `indexes` says whether the distribution picks from a list (where zipf's n defaults to the list size). */
export function checkDistribution(d: Distribution, path: PathKey[], errors: RuleProblem[], indexes = false): void {
  if (d.type === 'zipf' && d.n === undefined && !indexes) {
    errors.push({ path: [...path, 'n'], message: 'zipf needs n (the number of ranks) here' });
  }
  if (d.type === 'uniform' && d.min > d.max) {
    errors.push({ path: [...path, 'min'], message: `min ${d.min} is greater than max ${d.max}` });
  }
  if (d.type === 'uniform' && d.min === d.max) {
    errors.push({ path: [...path, 'max'], message: `min and max are both ${d.min}; for a fixed value write { type: constant, value: ${d.min} }` });
  }
}

/**
 * Silent states from which no event and no end of the session can be reached. A session
 * there loops without a trace, holding its place under max_concurrent forever, and with
 * zero dwell it stops simulated time, so the run never finishes.
 */
function findSilentTraps(scenario: Scenario): string[] {
  return statesWithoutEscape(scenario, (name) => scenario.states[name].event !== null);
}

/** States from which no path reaches the end of the session (a transition to `end`, or probabilities under 1). */
function findEndless(scenario: Scenario): string[] {
  return statesWithoutEscape(scenario, () => false);
}

/** The states from which no transition path leads to one that ends the session or that `escapes`. */
function statesWithoutEscape(scenario: Scenario, escapes: (name: string) => boolean): string[] {
  const names = Object.keys(scenario.states);
  const free = new Set<string>();
  // Cart guards are ignored: a guarded transition counts as one a session may take.
  const possible = (name: string): string[] =>
    scenario.states[name].then !== undefined
      ? thenTargets(scenario.states[name].then)
      : Object.entries(scenario.states[name].next_weights ?? scenario.states[name].next ?? {})
          .filter(([, t]) => transitionWeight(t) > 0)
          .map(([target]) => target);
  const ends = (name: string): boolean => {
    const state = scenario.states[name];
    if (possible(name).includes('end')) return true;
    if (state.then !== undefined) return false;
    // Relative weights end a session only by an explicit end; probabilities also by their rest.
    if (state.next_weights !== undefined) return false;
    return Object.values(state.next ?? {}).reduce((a: number, t) => a + transitionWeight(t), 0) < 1 - SUM_TOLERANCE;
  };
  for (const name of names) if (escapes(name) || ends(name)) free.add(name);
  // Grow the set backwards: a state is free when a transition it can take leads to one that is.
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of names) {
      if (free.has(name)) continue;
      if (possible(name).some((target) => free.has(target))) {
        free.add(name);
        grew = true;
      }
    }
  }
  return names.filter((name) => !free.has(name));
}

function findUnreachable(scenario: Scenario, initial: string): string[] {
  const seen = new Set<string>([initial]);
  const queue = [initial];
  while (queue.length > 0) {
    const state = scenario.states[queue.pop()!];
    const next = state?.then !== undefined ? Object.fromEntries(thenTargets(state.then).map((target) => [target, 1])) : (state?.next_weights ?? state?.next ?? {});
    for (const [target, t] of Object.entries(next)) {
      if (transitionWeight(t) > 0 && target in scenario.states && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return Object.keys(scenario.states).filter((s) => !seen.has(s));
}

function checkVisitors(scenario: Scenario, errors: RuleProblem[]): void {
  const zones = scenario.arrivals.timezones ?? {};
  for (const zone of Object.keys(zones)) {
    if (!isTimeZone(zone)) errors.push({ path: ['arrivals', 'timezones', zone], message: 'is not an IANA time zone name, e.g. America/New_York or Europe/Berlin' });
  }
  if (Object.keys(zones).length > 0 && Object.values(zones).reduce((a, b) => a + b, 0) <= 0) {
    errors.push({ path: ['arrivals', 'timezones'], message: 'shares must add up to more than 0' });
  }
  if (Object.keys(zones).length > 0 && scenario.arrivals.interarrival !== undefined) {
    errors.push({ path: ['arrivals', 'timezones'], message: 'apply the rate and its curves in local time, which interarrival replaces: give one of them' });
  }
  if (scenario.population.returning !== undefined && scenario.population.pick !== undefined) {
    errors.push({ path: ['population', 'pick'], message: 'picks from a fixed pool; with population.returning, users come back by returning instead: remove one of them' });
  }
}

function checkFieldNesting(names: readonly string[], errors: RuleProblem[]): void {
  const set = new Set(names);
  for (const name of names) {
    const parts = name.split('.');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('.');
      if (set.has(parent)) {
        errors.push({ path: ['fields', name], message: `nests inside field "${parent}", which is a value; rename one of them` });
      }
    }
    if (parts.some((p) => p === '')) errors.push({ path: ['fields', name], message: 'has an empty part between dots' });
  }
}

export function parseIpv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (m === null) return null;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return null;
  return ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
