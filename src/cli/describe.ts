import { simulateForCli } from '../pipeline/start-run.js';
import { compileScenario } from '../scenario/compile.js';
import { DEFAULT_SCENARIO, loadScenario } from '../scenario/load.js';
import { writeLine, type CliIo } from './io.js';
import { parseNonNegativeInteger } from './parse-flags.js';
import type { ScenarioFlags } from './scenario-flags.js';

/** Events simulated to describe a scenario's records: enough to meet its rarer event types. */
const DESCRIBE_EVENTS = 20_000;

interface FieldStats {
  readonly types: Set<string>;
  example: unknown;
  present: number;
  nulls: number;
  /** Event types of the events that carry the field (with a value or null). */
  readonly carriedBy: Set<string>;
}

/**
 * `clickgen describe -s NAME`: the fields of the scenario's records, in output order, with the
 * JSON type of their values, an example, and when they are null or absent, as measured on
 * 20,000 simulated events.
 */
export async function describeScenario(flags: ScenarioFlags, io: CliIo): Promise<number> {
  const overrides = [...(flags.set ?? [])];
  const nameOrFile = flags.scenario ?? DEFAULT_SCENARIO;
  const loaded = loadScenario(nameOrFile, overrides, { env: io.env });
  const seed = flags.seed === undefined ? undefined : parseNonNegativeInteger('--seed', flags.seed);
  // Every column of the output, state-level fields too, in output order.
  const names = compileScenario(loaded.scenario, seed ?? loaded.scenario.seed ?? 0, loaded.source).schema.fields.map((field) => field.name);
  const stats = new Map<string, FieldStats>(names.map((name) => [name, { types: new Set(), example: undefined, present: 0, nulls: 0, carriedBy: new Set() }]));
  const typeField = names.find((name) => /^(event_type|event|type|eventType)$/.test(name));
  const allTypes = new Set<string>();
  let events = 0;
  for await (const event of simulateForCli({ scenario: nameOrFile, set: overrides, env: io.env, seed, count: DESCRIBE_EVENTS })) {
    events++;
    const type = typeField === undefined ? undefined : String(valueAt(event, typeField));
    if (type !== undefined) allTypes.add(type);
    for (const [name, field] of stats) {
      const value = valueAt(event, name);
      if (value === undefined) continue;
      field.present++;
      if (type !== undefined) field.carriedBy.add(type);
      if (value === null) {
        field.nulls++;
        continue;
      }
      field.types.add(Array.isArray(value) ? 'array' : typeof value);
      field.example ??= value;
    }
  }
  writeLine(io.stdout, `${loaded.source}: ${names.length} fields, measured on ${events.toLocaleString('en-US')} events (seed ${seed ?? loaded.scenario.seed ?? 0})`);
  const rows = [...stats].map(([name, field]) => [name, [...field.types].join('|') || 'null', exampleText(field.example), presence(field, events, allTypes)]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length), ['field', 'type', 'example'][column].length));
  writeLine(io.stdout, ['field'.padEnd(widths[0]), 'type'.padEnd(widths[1]), 'example'.padEnd(widths[2]), 'when null or absent'].join('  '));
  for (const row of rows) writeLine(io.stdout, [row[0].padEnd(widths[0]), row[1].padEnd(widths[1]), row[2].padEnd(widths[2]), row[3]].join('  '));
  return 0;
}

/** A dotted field name reads the nested value, as NDJSON writes it. */
function valueAt(event: Record<string, unknown>, name: string): unknown {
  if (name in event) return event[name];
  let node: unknown = event;
  for (const key of name.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function exampleText(value: unknown): string {
  if (value === undefined) return '-';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function presence(field: FieldStats, events: number, allTypes: Set<string>): string {
  const parts: string[] = [];
  if (field.present === 0) return 'never present';
  if (field.present < events) {
    const only = [...field.carriedBy].sort();
    parts.push(only.length > 0 && only.length < allTypes.size ? `only on ${only.join(', ')}` : `absent in ${share(events - field.present, events)}`);
  }
  if (field.nulls > 0) parts.push(field.nulls === field.present ? 'always null' : `null in ${share(field.nulls, field.present)}`);
  return parts.length === 0 ? 'always set' : parts.join('; ');
}

function share(part: number, whole: number): string {
  const percent = (100 * part) / whole;
  return `${percent < 1 ? percent.toFixed(2) : percent.toFixed(1)}%`;
}
