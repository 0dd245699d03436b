import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import { mergePatch } from './extends.js';

/**
 * A vocabulary renders a scenario's events in the words of an analytics stack (Segment,
 * GA4's BigQuery export, Snowplow). It is data, like a scenario: a file of output fields
 * that refer to the scenario's own fields as `field.NAME`, a small patch over states and
 * session variables, and the list of what it needs.
 *
 * Applying it moves the scenario's fields to `source_fields` (computed for every event,
 * never written) and writes the vocabulary's fields instead. The source fields draw from
 * the session's stream exactly as before, and the vocabulary's own values draw nothing, so
 * the sessions, journeys and carts are the scenario's own, event for event.
 */

/** Where the built-in vocabularies live. */
export function vocabularyDir(scenarioDir: string): string {
  return join(scenarioDir, 'vocabularies');
}

interface VocabularyFile {
  readonly name?: string;
  readonly needs?: { readonly fields?: readonly string[]; readonly states?: readonly string[] };
  readonly fields?: Record<string, unknown>;
  readonly states?: Record<string, unknown>;
  readonly session?: Record<string, unknown>;
  readonly sinks?: Record<string, unknown>;
  /** Transitions into a state (key) go to another (value) instead: how a vocabulary puts a step of its own before one of the scenario's. */
  readonly redirect?: Record<string, string>;
  /**
   * Another vocabulary this one renders from: the other is applied first, and its fields
   * become source fields too (Snowplow's enriched event is computed from the tracker payload,
   * as Snowplow's enrichment computes it).
   */
  readonly extends?: string;
}

export function builtinVocabularies(builtinDir: string): string[] {
  const dir = vocabularyDir(builtinDir);
  return ['segment', 'ga4', 'snowplow', 'snowplow-enriched'].filter((n) => existsSync(join(dir, `${n}.yaml`)));
}

/**
 * Applies `raw.vocabulary` in place, when there is one; `dir` is where a relative vocabulary file is looked for.
 * `asked` is the vocabulary the user named, when this one is applied because it extends (`extends`) that one.
 */
export function applyVocabulary(raw: Record<string, unknown>, display: string, dir: string, builtinDir: string, asked?: string): void {
  const name = raw.vocabulary;
  if (typeof name !== 'string') return;
  delete raw.vocabulary;
  const vocabulary = readVocabulary(name, display, dir, builtinDir);
  if (vocabulary.extends !== undefined) {
    raw.vocabulary = vocabulary.extends;
    applyVocabulary(raw, display, dir, builtinDir, asked ?? name);
  }
  const states = isMapping(raw.states) ? raw.states : {};
  checkNeeds(raw, states, vocabulary, asked === undefined ? name : `${asked}, which extends ${name},`, display);
  const sourceNames = [...Object.keys(isMapping(raw.source_fields) ? raw.source_fields : {}), ...Object.keys(isMapping(raw.fields) ? raw.fields : {})];
  // Over another vocabulary, the scenario's fields stay source fields and the other's join them, after them.
  raw.source_fields = vocabulary.extends === undefined ? raw.fields : { ...(raw.source_fields as Record<string, unknown>), ...(raw.fields as Record<string, unknown>) };
  const patch = vocabulary.states ?? {};
  if (vocabulary.redirect !== undefined) redirect(raw, states, vocabulary.redirect);

  for (const [stateName, state] of Object.entries(states)) {
    if (!isMapping(state)) continue;
    if (state.fields !== undefined) {
      state.source_fields = state.fields;
      delete state.fields;
    }
    const statePatch = patch[stateName];
    // A state the scenario keeps silent draws nothing; where the vocabulary gives it an event
    // (GA4's session_start), it computes no source fields either, so it still draws nothing.
    if (state.event === null && isMapping(statePatch) && typeof statePatch.event === 'string') state.omit = sourceNames;
  }
  const merged = mergePatch(states, Object.fromEntries(Object.entries(patch).filter(([stateName]) => Object.hasOwn(states, stateName)))) as Record<string, unknown>;
  // States of the vocabulary's own are taken as written (a merge would drop `event: null`), and
  // compute no source fields: they draw nothing.
  for (const [stateName, state] of Object.entries(patch)) {
    if (!Object.hasOwn(states, stateName) && isMapping(state)) merged[stateName] = { omit: sourceNames, ...state };
  }
  raw.states = merged;
  // The vocabulary's session variables are defaults: the scenario (or --set) may set them.
  if (vocabulary.session !== undefined) raw.session = mergePatch(structuredClone(vocabulary.session), raw.session ?? {});
  raw.fields = structuredClone(vocabulary.fields);
  dropPurchases(raw);
  if (vocabulary.sinks !== undefined) raw.sinks = mergePatch(raw.sinks ?? {}, vocabulary.sinks);
}

/**
 * The answer key's purchases name the scenario's own purchase event and revenue field, which
 * the vocabulary's records do not have (GA4's revenue is inside `ecommerce`): they are left
 * out, and an answer key with nothing else goes with them, as the built-in shop-NAME files say.
 */
function dropPurchases(raw: Record<string, unknown>): void {
  if (!isMapping(raw.answer_key)) return;
  const rest = Object.fromEntries(Object.entries(raw.answer_key).filter(([key]) => key !== 'purchases'));
  if (Object.keys(rest).length === 0) delete raw.answer_key;
  else raw.answer_key = rest;
}

/**
 * Renames transition targets in place (the scenario's and its segments'), keeping each
 * transition where it was, so the alias tables, and with them the draws, stay the same;
 * a redirected initial state is redirected too.
 */
function redirect(raw: Record<string, unknown>, states: Record<string, unknown>, targets: Record<string, string>): void {
  const rename = (next: unknown): unknown => (isMapping(next) ? Object.fromEntries(Object.entries(next).map(([k, v]) => [targets[k] ?? k, v])) : next);
  for (const state of Object.values(states)) {
    if (!isMapping(state)) continue;
    if (state.next !== undefined) state.next = rename(state.next);
    if (state.next_weights !== undefined) state.next_weights = rename(state.next_weights);
  }
  const segments = isMapping(raw.population) && isMapping(raw.population.segments) ? raw.population.segments : {};
  for (const segment of Object.values(segments)) {
    if (!isMapping(segment) || !isMapping(segment.set)) continue;
    for (const [path, value] of Object.entries(segment.set)) if (/^states\.[^.]+\.next(_weights)?$/.test(path)) segment.set[path] = rename(value);
  }
  const initial = typeof raw.initial === 'string' ? raw.initial : Object.keys(states)[0];
  if (initial !== undefined && Object.hasOwn(targets, initial)) raw.initial = targets[initial];
}

function readVocabulary(name: string, display: string, dir: string, builtinDir: string): VocabularyFile {
  const looksLikeFile = /[/\\]/.test(name) || /\.(ya?ml|json)$/i.test(name);
  const file = looksLikeFile ? resolve(dir, name) : join(vocabularyDir(builtinDir), `${name}.yaml`);
  if (!existsSync(file)) {
    const known = builtinVocabularies(builtinDir).join(', ');
    throw new UsageError('UNKNOWN_VOCABULARY', `${display}: vocabulary ${name}: ${looksLikeFile ? `no such file (looked for ${file})` : 'unknown vocabulary'}; vocabularies are ${known}, or give a .yaml file`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError('UNKNOWN_VOCABULARY', `${display}: vocabulary ${name}: ${basename(file, extname(file))} is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (!isMapping(parsed) || !isMapping(parsed.fields)) {
    throw new UsageError('UNKNOWN_VOCABULARY', `${display}: vocabulary ${name}: a vocabulary is a mapping with fields (and needs, states, session, sinks)`);
  }
  return parsed;
}

/** Every field and state the vocabulary names must be the scenario's: one line naming all that are missing. */
function checkNeeds(raw: Record<string, unknown>, states: Record<string, unknown>, vocabulary: VocabularyFile, named: string, display: string): void {
  const fields = new Set(Object.keys(isMapping(raw.fields) ? raw.fields : {}));
  for (const state of Object.values(states)) if (isMapping(state) && isMapping(state.fields)) for (const k of Object.keys(state.fields)) fields.add(k);
  const missingFields = (vocabulary.needs?.fields ?? []).filter((f) => !fields.has(f));
  const missingStates = (vocabulary.needs?.states ?? []).filter((s) => !Object.hasOwn(states, s));
  if (missingFields.length === 0 && missingStates.length === 0) return;
  const parts: string[] = [];
  if (missingFields.length > 0) parts.push(`fields ${missingFields.join(', ')}`);
  if (missingStates.length > 0) parts.push(`states ${missingStates.join(', ')}`);
  throw new UsageError(
    'VOCABULARY_NEEDS',
    `${display}: vocabulary ${named} needs ${parts.join(' and ')}, which the scenario lacks; it renders scenarios with the fields ${(vocabulary.needs?.fields ?? []).join(', ')} (as shop has)`,
  );
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
