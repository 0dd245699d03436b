import type { Distribution, ValueSource } from '../../schema.js';
import type { PathKey } from '../../paths.js';
import { readDistribution } from './distributions.js';
import { parseIsoInstant } from './iso-time.js';
import { describe, isNumber, isObject, listAt, stringAt, type Json, type Problems } from './reader.js';

/**
 * Imply dimensions (field generators) as clickgen value sources. The type names are
 * matched without regard to case, as the original does.
 */

export const DIMENSION_TYPES = ['clock', 'timestamp', 'string', 'int', 'float', 'ipaddress', 'enum', 'counter', 'variable', 'object', 'list', 'string:static', 'int:static'] as const;
export type DimensionType = (typeof DIMENSION_TYPES)[number];

/** Where a dimension is defined: in an emitter (a field), a state's variables, or inside an object or list. */
export type DimensionPlace = 'emitter' | 'variables' | 'variables_on_entry' | 'child';

export interface ReadDimension {
  readonly name: string;
  readonly type: DimensionType;
  readonly source: ValueSource;
  /** Imply variables the dimension reads (a `variable` dimension, or one inside an object or list). */
  readonly reads: readonly string[];
}

export interface DimensionContext {
  readonly problems: Problems;
  /** The clickgen variable name for an Imply variable (built-in reference names are escaped). */
  readonly variable: (name: string) => string;
  /** Whether an Imply variable holds a time (set by clock or timestamp dimensions). */
  readonly holdsTime: (name: string) => boolean;
  /** Notes a documented option that has no effect, once per option. */
  readonly ignored: (path: readonly PathKey[], option: string, why: string) => void;
}

const POOLED: ReadonlySet<DimensionType> = new Set(['int', 'float', 'string', 'ipaddress', 'timestamp', 'object', 'list']);
/** clickgen's pool limit. */
const MAX_CARDINALITY = 10_000_000;

export function readDimension(raw: unknown, path: readonly PathKey[], place: DimensionPlace, ctx: DimensionContext): ReadDimension | null {
  const { problems } = ctx;
  if (!isObject(raw)) {
    problems.error(path, 'a dimension must be an object with name and type');
    return null;
  }
  const name = stringAt(raw, 'name', path, problems, 'the dimension name');
  const typeText = stringAt(raw, 'type', path, problems, `one of ${DIMENSION_TYPES.join(', ')}`);
  if (name === null || typeText === null) return null;
  const type = typeText.toLowerCase() as DimensionType;
  if (!DIMENSION_TYPES.includes(type)) {
    problems.error([...path, 'type'], `unknown dimension type "${typeText}"; known: ${DIMENSION_TYPES.join(', ')}`);
    return null;
  }
  if (type === 'variable' && place !== 'emitter' && place !== 'child') {
    problems.error([...path, 'type'], `type "variable" is not valid in a state's ${place}: it reads a variable and can only be used in emitter dimensions`);
    return null;
  }
  if (raw.percent_nulls !== undefined) {
    if (!isPercent(raw.percent_nulls)) problems.error([...path, 'percent_nulls'], `must be a number from 0 to 100, got ${describe(raw.percent_nulls)}`);
    else if (raw.percent_nulls > 0) ctx.ignored([...path, 'percent_nulls'], 'percent_nulls', 'the original generator parses it but never writes nulls');
  }
  const base = readKind(raw, type, name, path, ctx);
  if (base === null) return null;
  let source = base.source;
  if (POOLED.has(type)) {
    const pool = readPool(raw, path, problems);
    if (pool === null) return null;
    if (pool !== undefined) source = { ...(source as object), ...pool } as ValueSource;
  }
  const missing = raw.percent_missing;
  if (missing !== undefined) {
    if (!isPercent(missing)) problems.error([...path, 'percent_missing'], `must be a number from 0 to 100, got ${describe(missing)}`);
    // The original leaves out only emitter fields, and never clock or variable ones.
    else if (missing > 0 && place === 'emitter' && type !== 'clock' && type !== 'variable') source = withMissing(source, missing / 100);
  }
  return { name, type, source, reads: base.reads ?? [] };
}

function readKind(raw: Json, type: DimensionType, name: string, path: readonly PathKey[], ctx: DimensionContext): { source: ValueSource; reads?: readonly string[] } | null {
  const { problems } = ctx;
  const dist = (key: string): Distribution | null => {
    if (raw[key] === undefined) {
      problems.error(path, `missing required key "${key}" (${type} dimension)`);
      return null;
    }
    return readDistribution(raw[key], [...path, key], problems);
  };
  switch (type) {
    case 'clock':
      return { source: { time: 'iso' } };
    case 'timestamp': {
      const at = readInstantDistribution(raw.distribution, [...path, 'distribution'], problems);
      return at === null ? null : { source: { time: 'iso', at } };
    }
    case 'int': {
      const d = dist('distribution');
      return d === null ? null : { source: { number: d, truncate: true } };
    }
    case 'float': {
      const d = dist('distribution');
      if (raw.precision !== undefined) {
        if (!(Number.isInteger(raw.precision) && (raw.precision as number) >= 0)) problems.error([...path, 'precision'], `must be a whole number of 0 or more, got ${describe(raw.precision)}`);
        else ctx.ignored([...path, 'precision'], 'precision', 'the original generator writes floats at full precision');
      }
      return d === null ? null : { source: { number: d } };
    }
    case 'string': {
      const length = dist('length_distribution');
      const chars = raw.chars;
      if (chars !== undefined && (typeof chars !== 'string' || chars === '')) {
        problems.error([...path, 'chars'], `must be a non-empty string of the characters to use, got ${describe(chars)}`);
        return null;
      }
      return length === null ? null : { source: { string: chars === undefined ? { length } : { length, chars } } };
    }
    case 'ipaddress': {
      const d = dist('distribution');
      return d === null ? null : { source: { ip: { number: d } } };
    }
    case 'enum': {
      const values = listAt(raw, 'values', path, problems, 'the values to choose from', true);
      const index = dist('cardinality_distribution');
      if (values === null || index === null) return null;
      // The converted uniform's max is one past the config's (the original draws on [min, max + 1)).
      if (index.type === 'uniform' && index.max - 1 > values.length - 1) {
        problems.warn([...path, 'cardinality_distribution', 'max'], `uniform max (${index.max - 1}) exceeds the last position (${values.length - 1}): the last value is picked more often`);
      }
      if (values.length === 1) return { source: { const: values[0] } };
      if (index.type === 'constant') return { source: { const: values[Math.min(Math.max(Math.trunc(index.value), 0), values.length - 1)] } };
      return { source: { choice: values, index } };
    }
    case 'counter': {
      for (const key of ['start', 'increment']) {
        if (raw[key] !== undefined && !isNumber(raw[key])) problems.error([...path, key], `must be a number, got ${describe(raw[key])}`);
      }
      const start = isNumber(raw.start) ? raw.start : 0;
      const step = isNumber(raw.increment) ? raw.increment : 1;
      return { source: { counter: { start, step } } };
    }
    case 'variable': {
      const variable = stringAt(raw, 'variable', path, problems, 'the variable it reads');
      if (variable === null) return null;
      const clickgenName = ctx.variable(variable);
      return { source: ctx.holdsTime(variable) ? { time: 'iso', of: clickgenName } : { ref: clickgenName }, reads: [variable] };
    }
    case 'string:static':
      if (typeof raw.value !== 'string') {
        problems.error(raw.value === undefined ? path : [...path, 'value'], `string:static needs "value", a string; got ${describe(raw.value)}`);
        return null;
      }
      return { source: { const: raw.value } };
    case 'int:static':
      // The original accepts what Python calls an int, booleans included (true is 1).
      if (!(Number.isInteger(raw.value) || typeof raw.value === 'boolean')) {
        problems.error(raw.value === undefined ? path : [...path, 'value'], `int:static needs "value", a whole number; got ${describe(raw.value)}`);
        return null;
      }
      return { source: { const: Number(raw.value) } };
    case 'object': {
      const children = listAt(raw, 'dimensions', path, problems, 'the dimensions of the object', true);
      if (children === null) return null;
      const object: Record<string, ValueSource> = {};
      const reads: string[] = [];
      let ok = true;
      children.forEach((child, i) => {
        const read = readDimension(child, [...path, 'dimensions', i], 'child', ctx);
        if (read === null) ok = false;
        else {
          object[read.name] = read.source;
          reads.push(...read.reads);
        }
      });
      return ok ? { source: { object }, reads } : null;
    }
    case 'list': {
      const elements = listAt(raw, 'elements', path, problems, 'the dimensions items are drawn from', true);
      const length = dist('length_distribution');
      const index = dist('selection_distribution');
      if (elements === null || length === null || index === null) return null;
      const options: ValueSource[] = [];
      const reads: string[] = [];
      elements.forEach((element, i) => {
        const read = readDimension(element, [...path, 'elements', i], 'child', ctx);
        if (read !== null) {
          options.push(read.source);
          reads.push(...read.reads);
        }
      });
      if (options.length !== elements.length) return null;
      return { source: { list: { one_of: options, index }, length, truncate: true }, reads };
    }
  }
  return null;
}

/** `cardinality` > 0 makes a shared pool of that many different values, picked by `cardinality_distribution`. */
function readPool(raw: Json, path: readonly PathKey[], problems: Problems): { pool: number; pool_pick: Distribution; pool_distinct: true } | undefined | null {
  const cardinality = raw.cardinality;
  if (cardinality === undefined) {
    problems.error(path, 'missing required key "cardinality" (0 draws a fresh value each time; N > 0 draws from a pool of N values)');
    return null;
  }
  if (!(Number.isInteger(cardinality) && (cardinality as number) >= 0 && (cardinality as number) <= MAX_CARDINALITY)) {
    problems.error([...path, 'cardinality'], `must be a whole number from 0 to ${MAX_CARDINALITY}, got ${describe(cardinality)}`);
    return null;
  }
  if (cardinality === 0) return undefined;
  if (raw.cardinality_distribution === undefined) {
    problems.error(path, `missing required key "cardinality_distribution" (cardinality ${cardinality as number} needs it to pick from the pool)`);
    return null;
  }
  const pick = readDistribution(raw.cardinality_distribution, [...path, 'cardinality_distribution'], problems);
  return pick === null ? null : { pool: cardinality as number, pool_pick: pick, pool_distinct: true };
}

/** A timestamp dimension's distribution: instants as ISO 8601 text, a normal's stddev in seconds. */
function readInstantDistribution(raw: unknown, path: readonly PathKey[], problems: Problems): Distribution | null {
  if (!isObject(raw)) {
    problems.error(path, 'a timestamp dimension needs "distribution", an object whose instants are ISO 8601 text');
    return null;
  }
  const converted: Json = { ...raw };
  let ok = true;
  for (const key of ['value', 'min', 'max', 'mean']) {
    if (raw[key] === undefined) continue;
    const ms = typeof raw[key] === 'string' ? parseIsoInstant(raw[key]) : null;
    if (ms === null) {
      problems.error([...path, key], `must be an ISO 8601 date-time such as "2024-01-01T00:00:00", got ${describe(raw[key])}`);
      ok = false;
    } else converted[key] = ms / 1000;
  }
  return ok ? readDistribution(converted, path, problems) : null;
}

function isPercent(value: unknown): value is number {
  return isNumber(value) && value >= 0 && value <= 100;
}

function withMissing(source: ValueSource, rate: number): ValueSource {
  return source !== null && typeof source === 'object' ? { ...source, missing_rate: rate } : { const: source, missing_rate: rate };
}
