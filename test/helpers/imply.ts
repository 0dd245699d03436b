import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { eventToObject } from '../../src/encode/event-object.js';
import { ClickgenError } from '../../src/errors.js';
import { compileScenario, type CompiledScenario } from '../../src/scenario/compile.js';
import { importImplyConfig, type ImplyImport } from '../../src/scenario/importers/imply/import-config.js';
import { validateRaw } from '../../src/scenario/load.js';

export const START = Date.UTC(2024, 0, 1);

export interface Imported {
  readonly imported: ImplyImport;
  readonly compiled: CompiledScenario;
}

/** Imports, validates and compiles a config given as JSON text or as an object. */
export function importConfig(config: string | object, options: { seed?: number; maxWorkers?: number } = {}): Imported {
  const text = typeof config === 'string' ? config : JSON.stringify(config, null, 2);
  const imported = importImplyConfig(text, 'config.json', { maxWorkers: options.maxWorkers ?? 100 });
  const compiled = compileScenario(validateRaw(imported.scenario, 'config.json').scenario, options.seed ?? 1, 'config.json');
  return { imported, compiled };
}

export interface GeneratedRecord {
  readonly time: number;
  /** The emitter's name. */
  readonly type: string;
  readonly fields: Record<string, unknown>;
}

/** Runs an imported config for `count` records from START. */
export function generateRecords(config: string | object | Imported, count: number, options: { seed?: number; maxWorkers?: number } = {}): GeneratedRecord[] {
  const { compiled } = typeof config === 'object' && 'compiled' in config ? config : importConfig(config, options);
  const engine = new Engine(compiled, { start: START, count });
  const out: GeneratedRecord[] = [];
  for (let e = engine.next(); e !== null; e = engine.next()) out.push({ time: e.time, type: e.type.text, fields: eventToObject(e, compiled.schema) });
  return out;
}

/** The message of the IMPLY_CONFIG error a config gives. */
export function importError(config: string | object): string {
  try {
    importConfig(config);
  } catch (error) {
    assert.ok(error instanceof ClickgenError, String(error));
    assert.equal(error.code, 'IMPLY_CONFIG', error.message);
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  assert.fail('expected an IMPLY_CONFIG error');
}

/** A minimal older-format config around the given emitter dimensions and state variables. */
export function legacyConfig(dimensions: object[], variables: object[] = [], extra: Record<string, unknown> = {}): object {
  return {
    emitters: [{ name: 'e', dimensions }],
    interarrival: { type: 'exponential', mean: 1 },
    states: [{ name: 's', emitter: 'e', delay: { type: 'constant', value: 1 }, variables, transitions: [{ next: 's', probability: 0.9 }, { next: 'stop', probability: 0.1 }] }],
    ...extra,
  };
}
