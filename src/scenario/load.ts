import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { packageRoot } from '../package-root.js';
import { isMap, isScalar, LineCounter, parseDocument, parse as parseYaml, type Document } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { formatPath, parsePath, setAtPath, type PathKey } from './paths.js';
import { didYouMean } from './suggest.js';
import { checkStateExists } from './state-path.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { checkGiven, checkRules, type RuleProblem } from './rules.js';
import { expandParams, paramOverridePath } from './params.js';
import { applyExtends } from './extends.js';
import { cachedBuiltin } from './builtin-cache.js';
import { applyVocabulary } from './vocabulary.js';

/** The scenario used when none is named: a realistic store. */
export const DEFAULT_SCENARIO = 'shop';

/** Where the built-in scenario files live (the package's `scenarios/` folder). */
export const BUILTIN_DIR = join(packageRoot(), 'scenarios');

export interface LoadedScenario {
  readonly scenario: Scenario;
  /** Where it came from: a built-in name or a file path. */
  readonly source: string;
  /** Problems that do not stop a run (an unreachable state). */
  readonly warnings: readonly string[];
  /** Params whose value came from an environment variable of their name, as given there. */
  readonly fromEnvironment?: Readonly<Record<string, string>>;
}

export interface LoadOptions {
  /** Names the scenario in messages: the flag (default `--scenario NAME`), or the argument of `validate`. */
  readonly input?: string;
  /**
   * Environment variables: a param the scenario declares takes the value of a variable of its
   * name. Above the file, below `--set` (docs/scenario-format.md, "Params").
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How messages name an override: `--set` (the CLI's flag, the default) or `set` (simulate()'s option). */
  readonly overrideLabel?: OverrideLabel;
  /** Overrides a flag other than --set made (`--drop 60%` sets `faults.drop.share=0.6`), by their text: messages name the flag as typed. */
  readonly overrideFlags?: ReadonlyMap<string, string>;
}

export type OverrideLabel = '--set' | 'set';

/** How messages name each override: by the label of the option they came in, or by the flag that made them. */
interface OverrideNames {
  readonly label: OverrideLabel;
  readonly flags?: ReadonlyMap<string, string>;
}

export function builtinNames(): string[] {
  return listBuiltins().map((b) => b.name);
}

export function listBuiltins(): { name: string; description: string; file: string }[] {
  return readBuiltinDir().map((file) => {
    const raw = parseYaml(readFileSync(file, 'utf8')) as { name?: string; description?: string };
    return { name: raw.name ?? basename(file, extname(file)), description: raw.description ?? '', file };
  });
}

function readBuiltinDir(): string[] {
  const names = ['gift-shop', 'shop', 'shop-segment', 'shop-ga4', 'shop-snowplow', 'shop-snowplow-enriched', 'ecommerce', 'ecommerce-users', 'cart', 'travel', 'user-behavior'];
  const files: string[] = [];
  for (const name of names) {
    const file = join(BUILTIN_DIR, `${name}.yaml`);
    if (existsSync(file)) files.push(file);
  }
  return files;
}

/**
 * Resolves `--scenario NAME|FILE`: a file path when it looks like one, else a built-in name.
 * `input` names it in messages: the flag, or the argument of `validate`.
 */
export function resolveScenarioFile(nameOrFile: string, input = `--scenario ${nameOrFile}`): string {
  if (looksLikeFile(nameOrFile)) {
    if (!existsSync(nameOrFile)) throw new UsageError('SCENARIO_READ', `${input}: no such file`);
    return resolve(nameOrFile);
  }
  const builtin = join(BUILTIN_DIR, `${nameOrFile}.yaml`);
  if (existsSync(builtin)) return builtin;
  if (existsSync(nameOrFile)) return resolve(nameOrFile);
  throw new UsageError(
    'UNKNOWN_SCENARIO',
    `${input}: unknown scenario${didYouMean(nameOrFile, builtinNames())}; built-in scenarios are ${builtinNames().join(', ')}, or give a .yaml/.json file`,
  );
}

function looksLikeFile(nameOrFile: string): boolean {
  return /[/\\]/.test(nameOrFile) || /\.(ya?ml|json)$/i.test(nameOrFile);
}

/** The file an `extends` names: a path relative to the extending file's folder, or a built-in name. */
function resolveBaseFile(nameOrFile: string, dir: string): string {
  if (looksLikeFile(nameOrFile)) {
    const file = resolve(dir, nameOrFile);
    if (!existsSync(file)) throw new UsageError('SCENARIO_READ', `${nameOrFile}: no such file (looked for ${file})`);
    return file;
  }
  const builtin = join(BUILTIN_DIR, `${nameOrFile}.yaml`);
  if (existsSync(builtin)) return builtin;
  throw new UsageError('UNKNOWN_SCENARIO', `${nameOrFile}: unknown scenario; built-in scenarios are ${builtinNames().join(', ')}, or give a .yaml/.json file`);
}

/** Loads, overrides (`--set`), validates and returns a scenario. Throws UsageError listing every problem. */
export function loadScenario(nameOrFile: string, overrides: readonly string[] = [], options: LoadOptions = {}): LoadedScenario {
  const file = resolveScenarioFile(nameOrFile, options.input);
  const env = options.env ?? {};
  const names: OverrideNames = { label: options.overrideLabel ?? '--set', flags: options.overrideFlags };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError('SCENARIO_READ', `${file}: cannot read the scenario (${(error as Error).message})`);
  }
  const builtin = file.startsWith(BUILTIN_DIR);
  const display = builtin ? `scenarios/${basename(file)}` : nameOrFile;
  const cached = builtin ? cachedBuiltin(file, text) : undefined;
  if (cached !== undefined) {
    if (overrides.length === 0 && !Object.keys(cached.loaded.scenario.params ?? {}).some((name) => env[name] !== undefined)) return cached.loaded;
    const quick = overriddenQuietly(cached.raw, display, overrides, dirname(file), env, names);
    if (quick !== undefined) return quick;
  }
  return parseScenarioText(text, display, overrides, dirname(file), resolveBaseFile, env, names);
}

/**
 * A kept built-in with overrides (`--set`, the fault flags): its parsed text is kept too, so
 * the YAML is not parsed again (a third of the start-up such a run added). Undefined when it
 * does not validate or warns: parsing the text then says where, by line.
 */
function overriddenQuietly(
  raw: Record<string, unknown>,
  display: string,
  overrides: readonly string[],
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
  names: OverrideNames,
): LoadedScenario | undefined {
  try {
    const loaded = fromRaw(structuredClone(raw), display, overrides, dir, resolveBaseFile, env, names);
    return loaded.warnings.length === 0 ? loaded : undefined;
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}

/** The plain value of a scenario's text, as the build keeps it for a built-in (builtin-cache.ts). */
export function rawScenario(text: string, display: string): Record<string, unknown> {
  return parsedText(text, display).raw;
}

function parsedText(text: string, display: string): { doc: Document; lineCounter: LineCounter; raw: Record<string, unknown> } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Only the first: the parser's later errors follow from it (often the same line twice).
    const first = doc.errors[0];
    const pos = lineCounter.linePos(first.pos[0]);
    // `${P}` inside `{ }` or `[ ]` reads as the start of a mapping: the usual cause of such an error.
    const line = text.split('\n')[pos.line - 1] ?? '';
    const hint = /\$\{/.test(line) && /[{[]/.test(line.replace(/\$\{[^}]*\}/g, '')) ? "; a ${PARAM} inside { } or [ ] needs quotes: '${PARAM}'" : '';
    throw new UsageError('SCENARIO_SYNTAX', `${display}:${pos.line}:${pos.col}: not valid YAML or JSON: ${first.message.split('\n')[0]}${hint}`);
  }
  const raw = documentValue(doc, display);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError('SCENARIO_INVALID', `${display}: a scenario must be a mapping with name, states and fields`);
  }
  return { doc, lineCounter, raw: raw as Record<string, unknown> };
}

/**
 * Validates scenario text (YAML or JSON); `display` names it in messages and `dir` is
 * where a relative `extends` path starts. `resolveBase` finds the file an `extends` names
 * (text from an untrusted place passes one that knows built-in names only).
 */
export function parseScenarioText(
  text: string,
  display: string,
  overrides: readonly string[] = [],
  dir = '.',
  resolveBase: (nameOrFile: string, dir: string) => string = resolveBaseFile,
  env: Readonly<Record<string, string | undefined>> = {},
  names: OverrideNames = { label: '--set' },
): LoadedScenario {
  const { doc, lineCounter, raw } = parsedText(text, display);
  return fromRaw(raw, display, overrides, dir, resolveBase, env, names, (applied) => (path, atKey) => {
    // An unknown key that a --set made (`--set faults.teleport.share=1`) is named by that --set too.
    const override = overrideAt(applied, path, atKey);
    if (override !== undefined) return ` (${override})`;
    // A value built from a param (`${NUM_USERS}`) that was set: the line, and where its value came from.
    const param = paramOverrideAt(applied, raw, path);
    return `${(atKey === true && locateKey(doc, lineCounter, path)) || locate(doc, lineCounter, path)}${param === undefined ? '' : ` (${param})`}`;
  });
}

/**
 * A scenario object handed to the library, read as a file in the current directory is: its
 * `extends`, params from the environment and overrides apply. `display` names it in messages,
 * which have no lines to point at but say which override or variable a bad value came from.
 */
export function loadScenarioObject(scenario: object, display: string, overrides: readonly string[] = [], options: Pick<LoadOptions, 'env' | 'overrideLabel'> = {}): LoadedScenario {
  // Extends, params and overrides change the scenario in place: the caller's object stays as it was.
  const raw = structuredClone(scenario) as Record<string, unknown>;
  return fromRaw(raw, display, overrides, '.', resolveBaseFile, options.env ?? {}, { label: options.overrideLabel ?? '--set' }, (applied) => (path, atKey) => {
    const origin = overrideAt(applied, path, atKey) ?? paramOverrideAt(applied, raw, path);
    return origin === undefined ? '' : ` (${origin})`;
  });
}

type Applied = { path: readonly PathKey[]; text: string }[];

/** The override (or environment variable) that set the value at `path`, or made the key there. */
function overrideAt(applied: Applied, path: readonly PathKey[], atKey: boolean | undefined): string | undefined {
  return applied.findLast((o) => startsWith(path, o.path) || (atKey === true && startsWith(o.path, path)))?.text;
}

/** The override (or environment variable) of a param that the value at `path` is built from (`${NUM_USERS}`). */
function paramOverrideAt(applied: Applied, raw: Record<string, unknown>, path: readonly PathKey[]): string | undefined {
  const used = valueAt(raw, path);
  if (typeof used !== 'string') return undefined;
  return applied.findLast((o) => o.path.length === 2 && o.path[0] === 'params' && new RegExp(`\\$\\{[^}]*\\b${String(o.path[1])}\\b`).test(used))?.text;
}

/**
 * A parsed scenario with its `extends`, params from the environment, overrides and vocabulary
 * applied, validated. `locate` names the place of a path in messages, knowing the overrides.
 */
function fromRaw(
  raw: Record<string, unknown>,
  display: string,
  overrides: readonly string[],
  dir: string,
  resolveBase: (nameOrFile: string, dir: string) => string,
  env: Readonly<Record<string, string | undefined>>,
  names: OverrideNames,
  locate?: (applied: Applied) => (path: readonly PathKey[], atKey?: boolean) => string,
): LoadedScenario {
  applyExtends(raw, { display, dir, resolve: resolveBase });
  const fromEnvironment = environmentParams(raw, env);
  const applied = [
    ...applyOverrides(raw, Object.entries(fromEnvironment).map(([name, value]) => `${name}=${value}`), 'environment'),
    ...applyOverrides(raw, overrides, names.label, names.flags),
  ];
  applyVocabulary(raw, display, dir, BUILTIN_DIR);
  // A value that came from --set or the environment is named so: the file's line holds another value.
  const loaded = validateRaw(raw, display, locate?.(applied));
  return Object.keys(fromEnvironment).length === 0 ? loaded : { ...loaded, fromEnvironment };
}

/** Whether `path` begins with every key of `prefix`. */
function startsWith(path: readonly PathKey[], prefix: readonly PathKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
}

/** The value at `path`, or undefined where there is none. */
function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** The declared params that an environment variable of the same name sets, with its text. */
function environmentParams(raw: Record<string, unknown>, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const params = raw.params;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return {};
  const found: Record<string, string> = {};
  for (const name of Object.keys(params)) {
    const value = env[name];
    if (value !== undefined) found[name] = value;
  }
  return found;
}

/** Validates an already-parsed scenario object (library use, importers). */
export function validateRaw(
  raw: unknown,
  display: string,
  /** `:line:col` of a path (of the key itself when `atKey`), or where else it came from. */
  locateFn: (path: readonly PathKey[], atKey?: boolean) => string = () => '',
): LoadedScenario {
  const place = (p: RuleProblem): string => `${display}${locateFn(p.path)}: ${formatPath(p.path)}: ${p.message}`;
  if (raw !== null && typeof raw === 'object' && typeof (raw as Record<string, unknown>).vocabulary === 'string') {
    // A scenario object handed to the library: apply its vocabulary here (files do it when parsed).
    raw = structuredClone(raw);
    applyVocabulary(raw as Record<string, unknown>, display, '.', BUILTIN_DIR);
  }
  const expanded = expandParams(raw);
  if (expanded.errors.length > 0) throw new UsageError('SCENARIO_INVALID', expanded.errors.map(place).join('\n'));
  // reportInput: say what a wrong value was ("got string \"abc\""), not that it is missing.
  const parsed = ScenarioSchema.safeParse(expanded.value, { reportInput: true });
  if (!parsed.success) {
    const params = (raw as { params?: unknown }).params;
    const paramNames = params !== null && typeof params === 'object' && !Array.isArray(params) ? Object.keys(params) : [];
    const lines = flattenIssues(parsed.error.issues, [], paramNames).map(
      (issue) => `${display}${issue.at === undefined ? locateFn(issue.path) : locateFn(issue.at, true)}: ${formatPath(issue.path)}: ${issue.message}`,
    );
    throw new UsageError('SCENARIO_INVALID', unique(lines).join('\n'));
  }
  const { errors, warnings } = checkRules(parsed.data);
  errors.push(...checkGiven(expanded.value));
  if (errors.length > 0) {
    throw new UsageError('SCENARIO_INVALID', errors.map(place).join('\n'));
  }
  return {
    scenario: parsed.data,
    source: display,
    warnings: [...expanded.warnings, ...warnings].map(place),
  };
}

/** Applies `--set path=value` overrides (or params from the environment) in order; returns each one's path and how to name it. */
function applyOverrides(raw: Record<string, unknown>, overrides: readonly string[], origin: OverrideLabel | 'environment', flags?: ReadonlyMap<string, string>): Applied {
  const applied: Applied = [];
  for (const override of overrides) {
    const name = flags?.get(override) ?? `${origin} ${override}`;
    const eq = override.indexOf('=');
    const path = eq > 0 ? parsePath(override.slice(0, eq)) : null;
    if (path === null) {
      throw new UsageError('BAD_SET', `${origin} ${override}: expected path=value, ${origin === 'set' ? "e.g. 'arrivals.rate=20' or 'states.home.next.search=0.9'" : "e.g. --set arrivals.rate=20 or --set 'states.home.next.search=0.9'"}`);
    }
    const value = overrideValue(override.slice(eq + 1), () => name);
    checkStateExists(raw, path, name);
    const target = paramOverridePath(raw, path);
    if (!setAtPath(raw, target, value)) {
      throw new UsageError('BAD_SET', `${name}: ${formatPath(path)} is inside a value that is not a mapping`);
    }
    applied.push({ path: target, text: name });
  }
  return applied;
}

/**
 * An override's value: YAML, of which JSON is a part. JSON (what the fault flags write, and
 * numbers) is read natively: the YAML parser, used for nothing else in a run of a built-in,
 * cost a run with a fault flag more start-up than its whole scenario.
 */
function overrideValue(text: string, name: () => string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: read as the YAML it is.
  }
  try {
    return parseYaml(text);
  } catch {
    throw new UsageError('BAD_SET', `${name()}: the value is not valid YAML`);
  }
}

interface FlatIssue {
  path: PathKey[];
  message: string;
  /** Where to point in the file, when not at `path`: an unknown key points at itself. */
  at?: PathKey[];
}

/**
 * zod reports a failed union as one issue holding every branch's issues. A value source
 * is a union keyed by its kind (`choice`, `number`, ...): report the branch the user
 * meant, the one that got furthest, instead of "invalid input".
 */
/** `paramNames`: the scenario's params, which a key at the top level (`--set NUM_USER=20`) may have been meant as. */
function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: PathKey[] = [], paramNames: readonly string[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PathKey[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = pickBranch(issue.errors);
      if (best !== null) {
        out.push(...flattenIssues(best, path, paramNames));
        continue;
      }
      // Unions other than value sources say what they accept in their own message.
      if (issue.message !== 'Invalid input') out.push({ path, message: issue.message });
      else out.push(...valueSourceIssues(issue.input, path));
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      // One line per key, at the key's own line (not its mapping's), with a suggestion where the mapping's keys are known.
      const known = keysAt(ScenarioSchema, path);
      // The keys of `faults` are the kinds of fault: say so, and list them.
      const faultKinds = path.length === 1 && path[0] === 'faults';
      // At the top level a key may have been meant as one of the scenario's params: suggest and list those too.
      const params = path.length === 0 ? paramNames : [];
      const paramList = params.length === 0 ? '' : `; the scenario's params are ${params.join(', ')}`;
      for (const key of issue.keys) out.push({ path, at: [...path, key], message: faultKinds ? `unknown fault kind "${key}"${didYouMean(key, known)}; fault kinds are ${known.join(', ')}` : `unknown key "${key}"${didYouMean(key, [...known, ...params])}${paramList}` });
      continue;
    }
    out.push({ path, message: describeIssue(issue) });
  }
  return out;
}

const VALUE_SOURCE_KINDS = ['const', 'choice', 'number', 'ref', 'template', 'uuid', 'counter', 'ip', 'time', 'string', 'pick', 'match', 'one_of', 'object', 'list', 'array', 'hash', 'date', 'json', 'cart_items', 'absent'];
const VALUE_SOURCE_RULE = `use a literal, or a mapping with one of ${VALUE_SOURCE_KINDS.join(', ')}`;

/** A value source no branch took: a mistyped kind is named at its own line, with a suggestion. */
function valueSourceIssues(input: unknown, path: PathKey[]): FlatIssue[] {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const keys = Object.keys(input);
    if (!keys.some((key) => VALUE_SOURCE_KINDS.includes(key))) {
      const mistyped = keys.filter((key) => didYouMean(key, VALUE_SOURCE_KINDS) !== '');
      if (mistyped.length > 0) {
        return mistyped.map((key) => ({ path, at: [...path, key], message: `unknown value source "${key}"${didYouMean(key, VALUE_SOURCE_KINDS)}; ${VALUE_SOURCE_RULE}` }));
      }
    }
  }
  return [{ path, message: `is not a valid value source: ${VALUE_SOURCE_RULE}` }];
}

/**
 * The keys of the mapping at `path` in the schema, for suggestions: [] where the path passes
 * through a union (a value source, a distribution), whose branches take different keys.
 */
function keysAt(schema: z.ZodType, path: readonly PathKey[]): string[] {
  let at: z.core.$ZodType | undefined = schema;
  let i = 0;
  while (at !== undefined) {
    const def: z.core.$ZodTypeDef = at._zod.def;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') at = (def as z.core.$ZodOptionalDef).innerType;
    else if (def.type === 'pipe') at = (def as z.core.$ZodPipeDef).in;
    else if (i === path.length) return def.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
    else if (def.type === 'object') at = (def as z.core.$ZodObjectDef).shape[String(path[i++])];
    else if (def.type === 'record' || def.type === 'array') {
      at = def.type === 'record' ? (def as z.core.$ZodRecordDef).valueType : (def as z.core.$ZodArrayDef).element;
      i++;
    } else return [];
  }
  return [];
}

function pickBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | null {
  // A branch that fails at the top (unknown keys, another type, another literal) is a different kind; skip it.
  const candidates = branches.filter(
    (b) => !b.some((i) => i.path.length === 0 && (i.code === 'unrecognized_keys' || i.code === 'invalid_type' || i.code === 'invalid_value')),
  );
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (depth(b) > depth(a) ? b : a));
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(...issues.map((i) => i.path.length));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type': {
      if (issue.input !== undefined) return `must be ${issue.expected}, got ${describeValue(issue.input)}`;
      const kind = KIND_WORDS[issue.expected];
      return kind === undefined ? 'is required' : `is required (${kind})`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
    case 'too_big':
      // A list of a fixed length (24 hours, 7 days) or bounds; other sizes keep the library's words.
      if (issue.origin === 'array') {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const exact = (issue as { exact?: boolean }).exact === true;
        return `must have ${exact ? 'exactly' : issue.code === 'too_small' ? 'at least' : 'at most'} ${String(bound)} items, got ${Array.isArray(issue.input) ? issue.input.length : describeValue(issue.input)}`;
      }
      return issue.message;
    default:
      return issue.message;
  }
}

/** What a missing value should have been, in the words of the scenario's YAML (the schema library's `nonoptional` says nothing). */
const KIND_WORDS: Readonly<Record<string, string>> = { object: 'a mapping', record: 'a mapping', string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list' };

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** `:line:col` of the deepest node of `path` that the document has, or '' when none. */
/** `:line:col` of the key that ends `path` (an unknown key is reported where it is written), or ''. */
function locateKey(doc: Document, lineCounter: LineCounter, path: readonly PathKey[]): string {
  const parent = doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return '';
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
  const range = isScalar(pair?.key) ? pair.key.range : undefined;
  if (range === undefined || range === null) return '';
  const pos = lineCounter.linePos(range[0]);
  return `:${pos.line}:${pos.col}`;
}

export function locate(doc: Document, lineCounter: LineCounter, path: readonly PathKey[]): string {
  for (let len = path.length; len >= 0; len--) {
    const node = doc.getIn(path.slice(0, len), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return `:${pos.line}:${pos.col}`;
    }
  }
  return '';
}

function unique(lines: string[]): string[] {
  return [...new Set(lines)];
}

/**
 * The document as plain values. Aliases that expand beyond 1,000 nodes (an alias bomb, a few
 * lines that would become gigabytes) are refused as bad input.
 */
function documentValue(doc: Document, display: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new UsageError('SCENARIO_SYNTAX', `${display}: its YAML aliases (*name) expand to too many nodes; write the values out, or use fewer nested aliases`);
    }
    throw error;
  }
}
