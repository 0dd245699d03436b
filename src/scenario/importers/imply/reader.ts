import type { PathKey } from '../../paths.js';
import type { ConfigProblem } from './config-document.js';

/** Collects problems while a config is read; the reader goes on after one to report them all. */
export class Problems {
  readonly errors: ConfigProblem[] = [];
  readonly warnings: ConfigProblem[] = [];

  error(path: readonly PathKey[], message: string): void {
    this.errors.push({ path, message });
  }

  warn(path: readonly PathKey[], message: string): void {
    this.warnings.push({ path, message });
  }
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `value` at `key` when it is an object; otherwise records the problem and returns null. */
export function objectAt(parent: Json, key: string, path: readonly PathKey[], problems: Problems, what: string): Json | null {
  const value = parent[key];
  if (value === undefined) {
    problems.error(path, `missing required key "${key}" (${what})`);
    return null;
  }
  if (!isObject(value)) {
    problems.error([...path, key], `must be an object (${what})`);
    return null;
  }
  return value;
}

export function listAt(parent: Json, key: string, path: readonly PathKey[], problems: Problems, what: string, required: boolean): unknown[] | null {
  const value = parent[key];
  if (value === undefined) {
    if (required) problems.error(path, `missing required key "${key}" (${what})`);
    return null;
  }
  if (!Array.isArray(value) || (required && value.length === 0)) {
    problems.error([...path, key], `must be a ${required ? 'non-empty ' : ''}list (${what})`);
    return null;
  }
  return value as unknown[];
}

export function stringAt(parent: Json, key: string, path: readonly PathKey[], problems: Problems, what: string): string | null {
  const value = parent[key];
  if (value === undefined) {
    problems.error(path, `missing required key "${key}" (${what})`);
    return null;
  }
  if (typeof value !== 'string' || value === '') {
    problems.error([...path, key], `must be a non-empty string (${what}), got ${describe(value)}`);
    return null;
  }
  return value;
}

export function numberAt(parent: Json, key: string, path: readonly PathKey[], problems: Problems, what: string): number | null {
  const value = parent[key];
  if (value === undefined) {
    problems.error(path, `missing required key "${key}" (${what})`);
    return null;
  }
  if (!isNumber(value)) {
    problems.error([...path, key], `must be a number (${what}), got ${describe(value)}`);
    return null;
  }
  return value;
}

/** Keys a kind of entry must not have, with what to do instead. */
export function forbid(entry: Json, keys: Readonly<Record<string, string>>, path: readonly PathKey[], problems: Problems): void {
  for (const [key, advice] of Object.entries(keys)) if (key in entry) problems.error([...path, key], advice);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
