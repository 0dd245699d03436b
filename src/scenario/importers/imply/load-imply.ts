import { readFileSync } from 'node:fs';
import { UsageError } from '../../../errors.js';
import { compileScenario, type CompiledScenario } from '../../compile.js';
import { validateRaw } from '../../load.js';
import { importImplyConfig, type ImplyImport, type ImplyImportOptions } from './import-config.js';

export interface LoadedImplyConfig {
  readonly imported: ImplyImport;
  readonly compiled: CompiledScenario;
}

/**
 * Reads, imports, validates and compiles an Imply config file: the same scenario
 * checks and compiler as any clickgen scenario, so the same engine, encoders and sinks
 * run it.
 */
export function loadImplyConfig(file: string, seed: number, options: ImplyImportOptions): LoadedImplyConfig {
  const imported = importImplyConfig(readText(file, '-c'), file, options);
  const loaded = validateRaw(imported.scenario, `${file} (as a clickgen scenario)`);
  return { imported, compiled: compileScenario(loaded.scenario, seed, file) };
}

/** A file's text, or a UsageError naming the flag and the file. */
export function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError('IMPLY_CONFIG', `${flag} ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
