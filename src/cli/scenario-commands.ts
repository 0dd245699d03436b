import { z } from 'zod';
import { UsageError } from '../errors.js';
import { compileScenario } from '../scenario/compile.js';
import { readFileSync } from 'node:fs';
import { builtinNames, listBuiltins, loadScenario } from '../scenario/load.js';
import { didYouMean } from '../scenario/suggest.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { deriveRecordSchema } from '../records/derive.js';
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
}

/** The scenario format's JSON Schema, or with --records the schema of the records a scenario writes. */
export function printSchema(flags: SchemaFlags, io: CliIo): number {
  if (flags.records === true) {
    const language = parseSchemaLanguage('--as', flags.as ?? 'json-schema');
    writeLine(io.stdout, renderRecordSchema(deriveRecordSchema(scenarioFromFlags(flags, io.env).compiled), language));
    return 0;
  }
  for (const [flag, given] of [['--as', flags.as], ['--scenario', flags.scenario], ['--set', flags.set]] as const) {
    if (given !== undefined) throw new UsageError('BAD_FLAG', `${flag}: only with --records (the scenario format's own schema takes no scenario)`);
  }
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
  writeLine(io.stdout, JSON.stringify({ ...schema, title: 'clickgen scenario' }, null, 2));
  return 0;
}
