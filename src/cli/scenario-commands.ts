import { z } from 'zod';
import { UsageError } from '../errors.js';
import { compileScenario } from '../scenario/compile.js';
import { readFileSync } from 'node:fs';
import { builtinNames, listBuiltins, loadScenario } from '../scenario/load.js';
import { didYouMean } from '../scenario/suggest.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { deriveRecordSchema } from '../records/derive.js';
import type { RecordSchema } from '../records/record-type.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { planDrift as driftPlanFrom } from '../faults/drift-run.js';
import { versionAt } from '../faults/drift-versions.js';
import { parseDriftTime } from '../scenario/rules-drift.js';
import { parseStart } from '../time/time-text.js';
import { parseSchemaLanguage, renderRecordSchema } from '../records/render.js';
import { writeLine, type CliIo } from './io.js';
import { scenarioFromFlags, type ScenarioFlags } from './scenario-flags.js';

export function listScenarios(io: CliIo): number {
  const builtins = listBuiltins();
  const width = Math.max(...builtins.map((b) => b.name.length));
  for (const b of builtins) writeLine(io.stdout, `${b.name.padEnd(width)}  ${b.description}`);
  return 0;
}

/** `clickgen scenarios show NAME`: the built-in scenario's file, to copy and edit. */
export function showScenario(name: string, io: CliIo): number {
  const builtin = listBuiltins().find((b) => b.name === name);
  if (builtin === undefined) {
    const names = builtinNames();
    throw new UsageError('UNKNOWN_SCENARIO', `scenarios show ${name}: unknown scenario${didYouMean(name, names)}; built-in scenarios are ${names.join(', ')}`);
  }
  io.stdout.write(readFileSync(builtin.file, 'utf8'));
  return 0;
}

export function validate(file: string, overrides: readonly string[], io: CliIo): number {
  const loaded = loadScenario(file, overrides, { input: file, env: io.env });
  const compiled = compileScenario(loaded.scenario, loaded.scenario.seed ?? 0, loaded.source);
  for (const warning of loaded.warnings) writeLine(io.stderr, `clickgen: warning: ${warning}`);
  const states = Object.keys(loaded.scenario.states).length;
  writeLine(io.stdout, `${loaded.source}: valid: ${states} states, ${compiled.schema.fields.length} fields, ${compiled.machines.length} journey${compiled.machines.length > 1 ? 's' : ''}`);
  return 0;
}

export interface SchemaFlags extends ScenarioFlags {
  readonly records?: boolean;
  readonly as?: string;
  /** With schema drift: the records' schema at this event time (ISO, or +DURATION after --start). */
  readonly at?: string;
  readonly start?: string;
}

/** The scenario format's JSON Schema, or with --records the schema of the records a scenario writes. */
export function printSchema(flags: SchemaFlags, io: CliIo): number {
  if (flags.records === true) {
    const language = parseSchemaLanguage('--as', flags.as ?? 'json-schema');
    const { loaded, compiled } = scenarioFromFlags(flags, io.env);
    writeLine(io.stdout, renderRecordSchema(flags.at === undefined ? deriveRecordSchema(compiled) : driftedRecords(compiled, loaded.source, flags.at, flags.start), language));
    return 0;
  }
  for (const [flag, given] of [['--as', flags.as], ['--scenario', flags.scenario], ['--set', flags.set], ['--at', flags.at], ['--start', flags.start]] as const) {
    if (given !== undefined) throw new UsageError('BAD_FLAG', `${flag}: only with --records (the scenario format's own schema takes no scenario)`);
  }
  writeLine(io.stdout, JSON.stringify(scenarioJsonSchema(), null, 2));
  return 0;
}

/** A `${NAME}` or `${expression}` placeholder, which clickgen expands before it checks types. */
const PLACEHOLDER = { type: 'string', pattern: '^\\$\\{[^{}]*\\}$' };

/**
 * The JSON Schema of scenario files as they are written, which the schema of the expanded
 * scenario is not: a number or boolean may be a `${PARAM}` placeholder, and a file that
 * `extends` another gives only what it changes (nothing in it is required, and null removes).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const expanded = withPlaceholders(z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' })) as Record<string, unknown>;
  // $defs stay at the root, where the branches' $refs point.
  const { $schema, $defs, ...body } = expanded;
  return { $schema, title: 'clickgen scenario', $defs, if: { required: ['extends'] }, then: withoutRequired(body), else: body };
}

function withPlaceholders(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withPlaceholders);
  if (node === null || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'properties' || key === '$defs' ? mapValues(value, withPlaceholders) : withPlaceholders(value)]));
  const type = (node as { type?: unknown }).type;
  return type === 'number' || type === 'integer' || type === 'boolean' ? { anyOf: [out, PLACEHOLDER] } : out;
}

function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => key !== 'required' || !Array.isArray(value))
      // A null removes what the extended scenario has there.
      .map(([key, value]) => [key, key === 'properties' ? mapValues(value, (property) => ({ anyOf: [withoutRequired(property), { type: 'null' }] })) : withoutRequired(value)]),
  );
}

function mapValues(record: unknown, map: (value: unknown) => unknown): unknown {
  if (record === null || typeof record !== 'object') return record;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/**
 * The records' schema in force at event time `at` under the scenario's drift. Times given
 * as +DURATION count from `--start`, needed only when the drifts and `--at` mix the two kinds.
 */
function driftedRecords(compiled: CompiledScenario, where: string, atText: string, startText: string | undefined): RecordSchema {
  const drifts = compiled.faults?.drift ?? [];
  if (drifts.length === 0) throw new UsageError('BAD_FLAG', `--at ${atText}: ${where} has no faults.drift; its records have one schema`);
  const at = parseDriftTime('--at', atText);
  const kinds = new Set([...drifts.map((d) => parseDriftTime('at', d.at)), at].map((time) => ('offset' in time ? 'offset' : 'absolute')));
  if (kinds.size > 1 && startText === undefined) throw new UsageError('BAD_FLAG', `--at ${atText}: the drift times mix event times and +DURATIONs from the run's start; give --start`);
  // All offsets: any start will do, so the drifts are counted from 0.
  const start = startText === undefined ? 0 : parseStart('--start', startText);
  const plan = driftPlanFrom(compiled, start, undefined, where)!;
  const time = 'offset' in at ? start + at.offset : at.absolute;
  return plan.shapes[versionAt(plan.versions.map((v) => v.at), time)].records;
}
