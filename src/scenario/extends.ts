import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import { didYouMean } from './suggest.js';
import { formatPath, ownValue, parsePath, setAtPath, setOwn, type PathKey } from './paths.js';

/**
 * `extends` builds a scenario on another one: a variant that changes a few values, or a
 * second event stream over the same users and catalogs (`ecommerce-users` takes the
 * population of `ecommerce`, so a user's profile matches the user's interactions).
 *
 *   extends: ecommerce                      # everything, then this file on top
 *   extends: { scenario: ./base.yaml, take: [params, population, catalogs.cities] }
 *
 * The file's own keys are merged over the base as a JSON merge patch (RFC 7386):
 * mappings merge key by key, any other value replaces, and `null` removes the key.
 */

export interface ExtendsContext {
  /** Names the extending scenario in messages. */
  readonly display: string;
  /** Directory that relative base paths start from. */
  readonly dir: string;
  /** Resolves a built-in name or a path (relative to `dir`) to a file. */
  readonly resolve: (nameOrFile: string, dir: string) => string;
}

/** Applies `raw.extends` in place: `raw` becomes the merged scenario, without `extends`. */
export function applyExtends(raw: Record<string, unknown>, context: ExtendsContext, chain: readonly string[] = []): void {
  if (!('extends' in raw)) return;
  const spec = parseSpec(raw.extends, context.display);
  delete raw.extends;
  const file = resolveBase(spec.scenario, context);
  if (chain.includes(file)) {
    throw new UsageError('SCENARIO_INVALID', `${context.display}: extends: ${[...chain, file].join(' extends ')} is a cycle`);
  }
  const base = readBase(file, context.display);
  applyExtends(base, { ...context, display: file, dir: dirname(file) }, [...chain, file]);
  const taken = spec.take === null ? base : takePaths(base, spec.take, context.display, spec.scenario);
  const merged = mergePatch(taken, raw) as Record<string, unknown>;
  for (const key of Object.keys(raw)) delete raw[key];
  Object.assign(raw, merged);
}

interface ExtendsSpec {
  readonly scenario: string;
  readonly take: readonly (readonly PathKey[])[] | null;
}

function parseSpec(value: unknown, display: string): ExtendsSpec {
  if (typeof value === 'string' && value !== '') return { scenario: value, take: null };
  const usage = `${display}: extends: must be a scenario name or file, or { scenario: NAME|FILE, take: [section, ...] }`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('SCENARIO_INVALID', usage);
  const { scenario, take, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new UsageError('SCENARIO_INVALID', `${display}: extends: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; keys are scenario and take`);
  if (typeof scenario !== 'string' || scenario === '') throw new UsageError('SCENARIO_INVALID', usage);
  if (take === undefined) return { scenario, take: null };
  if (!Array.isArray(take) || take.length === 0) throw new UsageError('SCENARIO_INVALID', `${display}: extends.take: must be a non-empty list of paths, e.g. [settings, population, catalogs.cities]`);
  const paths = take.map((entry, i) => {
    const path = typeof entry === 'string' ? parsePath(entry) : null;
    if (path === null) throw new UsageError('SCENARIO_INVALID', `${display}: extends.take[${i}]: must be a path such as population or catalogs.cities`);
    return path;
  });
  return { scenario, take: paths };
}

function resolveBase(nameOrFile: string, context: ExtendsContext): string {
  try {
    return context.resolve(nameOrFile, context.dir);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.code, `${context.display}: extends: ${error.message}`, { cause: error });
    throw error;
  }
}

function readBase(file: string, display: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'), { uniqueKeys: true, maxAliasCount: 1000 });
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new UsageError('SCENARIO_READ', `${display}: extends: cannot read ${file} (${reason})`, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError('SCENARIO_INVALID', `${display}: extends: ${file} is not a scenario mapping`);
  }
  return parsed as Record<string, unknown>;
}

/** The parts of `base` at `paths`, each at its own place. */
function takePaths(base: Record<string, unknown>, paths: readonly (readonly PathKey[])[], display: string, baseName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    let node: unknown = base;
    let hint = '';
    for (const key of path) {
      const parent = node;
      node = parent !== null && typeof parent === 'object' ? ownValue(parent as Record<PathKey, unknown>, key) : undefined;
      // The key that is missing, against the keys the base has at that level.
      if (node === undefined) {
        hint = parent !== null && typeof parent === 'object' && !Array.isArray(parent) ? didYouMean(String(key), Object.keys(parent)) : '';
        break;
      }
    }
    if (node === undefined) throw new UsageError('SCENARIO_INVALID', `${display}: extends.take: ${formatPath(path)} is not in ${baseName}${hint}`);
    setAtPath(out, path, structuredClone(node));
  }
  return out;
}

/** RFC 7386: mappings merge recursively, null removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  // A `{ const: ... }` is a whole value, null included (how an extending file sets a value to
  // null, which a plain null would remove): it replaces what the base has there, never merges.
  if (!isMapping(patch) || Object.hasOwn(patch, 'const')) return structuredClone(patch);
  const out: Record<string, unknown> = isMapping(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else {
      // An own property for every key, "__proto__" too (see setOwn).
      setOwn(out, key, mergePatch(ownValue(out, key), value));
    }
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
