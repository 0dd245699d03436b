import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { LoadedScenario } from './load.js';

/**
 * The built-in scenarios, parsed and validated by `npm run build` (scripts/build-cli.mjs):
 * parsing YAML and validating it took about half of `clickgen generate -n 1`'s start-up.
 * Each is keyed by its file's name and used only for the exact text it was made from.
 */
export const BUILTIN_CACHE_FILE = join(packageRoot(), 'dist', 'builtin-scenarios.json');

export interface CachedBuiltin {
  readonly sha256: string;
  readonly loaded: LoadedScenario;
  /** The file's plain value before validation, for a run that overrides some of it (`--set`, the fault flags). */
  readonly raw: Record<string, unknown>;
}

/** Unread (undefined), absent or unreadable (null), or by file name. */
let cache: Readonly<Record<string, CachedBuiltin>> | null | undefined;

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * What the build made from this file with this text, or undefined. Only the built code uses
 * it: run from source, the code may be newer than the build.
 */
export function cachedBuiltin(file: string, text: string): CachedBuiltin | undefined {
  if (import.meta.url.endsWith('.ts')) return undefined;
  if (cache === undefined) {
    try {
      cache = JSON.parse(readFileSync(BUILTIN_CACHE_FILE, 'utf8')) as Record<string, CachedBuiltin>;
    } catch {
      cache = null;
    }
  }
  const entry = cache?.[basename(file)];
  return entry !== undefined && entry.sha256 === textHash(text) ? entry : undefined;
}
