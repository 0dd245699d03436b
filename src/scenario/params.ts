import type { PathKey } from './paths.js';
import type { RuleProblem } from './rules.js';

/**
 * Scenario parameters: named values a scenario declares once (`params: { NUM_USERS: 100 }`)
 * and uses anywhere as `${NUM_USERS}`, so the knobs a seed system exposes (its environment
 * variables) are knobs of the scenario, settable with `--set NUM_USERS=200`.
 *
 * A string that is exactly `${...}` becomes the value itself (a number stays a number);
 * inside a longer string the value is written as text. Between the braces is a param name
 * or arithmetic over numeric params (`${EVENTS_PER_SECOND / 3.3}`, `${1 - CTR}`), so a rate
 * derived from another stays right when the other is changed.
 *
 * Expansion happens before the schema sees the scenario; the result keeps `params` for
 * reference. Param values may not contain `${`, so expanding twice changes nothing.
 */

export type ParamValue = string | number | boolean;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\$\{([^{}]*)\}/g;
const WHOLE = /^\$\{([^{}]*)\}$/;

export interface Expansion {
  readonly value: unknown;
  readonly errors: RuleProblem[];
  readonly warnings: RuleProblem[];
}

/** Expands `${...}` in every value of `raw` except `params` itself. `raw` is not changed. */
export function expandParams(raw: unknown): Expansion {
  const errors: RuleProblem[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { value: raw, errors, warnings: [] };
  const root = raw as Record<string, unknown>;
  const params = readParams(root.params, errors);
  const used = new Set<string>();
  const expand = (value: unknown, path: PathKey[]): unknown => {
    if (typeof value === 'string') return expandString(value, path, params, used, errors);
    if (Array.isArray(value)) return value.map((v, i) => expand(v, [...path, i]));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = expand(v, [...path, k]);
      return out;
    }
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(root)) out[k] = k === 'params' ? v : expand(v, [k]);
  const warnings = [...params.keys()].filter((name) => !used.has(name)).map((name) => ({ path: ['params', name], message: 'is never used (write ${' + name + '} where it applies)' }));
  return { value: out, errors, warnings };
}

/** Names a `--set` path of one key refers to: a declared param sets `params.NAME`. */
export function paramOverridePath(raw: Record<string, unknown>, path: readonly PathKey[]): readonly PathKey[] {
  const params = raw.params;
  if (path.length !== 1 || params === null || typeof params !== 'object' || Array.isArray(params)) return path;
  return Object.hasOwn(params, path[0]) ? ['params', path[0]] : path;
}

function readParams(value: unknown, errors: RuleProblem[]): Map<string, ParamValue> {
  const params = new Map<string, ParamValue>();
  if (value === undefined) return params;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ path: ['params'], message: 'must be a mapping of names to numbers, strings or booleans' });
    return params;
  }
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (!NAME.test(name)) {
      errors.push({ path: ['params', name], message: 'is not a param name: use letters, digits and _, not starting with a digit' });
    } else if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' && typeof v !== 'boolean') {
      errors.push({ path: ['params', name], message: 'must be a number, a string or a boolean' });
    } else if (typeof v === 'string' && v.includes('${')) {
      errors.push({ path: ['params', name], message: 'a param value cannot use ${...}; write the value itself' });
    } else {
      params.set(name, v as ParamValue);
    }
  }
  return params;
}

function expandString(text: string, path: PathKey[], params: ReadonlyMap<string, ParamValue>, used: Set<string>, errors: RuleProblem[]): unknown {
  if (!text.includes('${')) return text;
  const evaluate = (expression: string): ParamValue | undefined => {
    const result = evaluateExpression(expression, params, used);
    if (typeof result === 'object') {
      errors.push({ path, message: `\${${expression}}: ${result.error}` });
      return undefined;
    }
    return result;
  };
  const whole = WHOLE.exec(text);
  if (whole !== null) return evaluate(whole[1]) ?? text;
  return text.replace(PLACEHOLDER, (match, expression: string) => {
    const value = evaluate(expression);
    return value === undefined ? match : String(value);
  });
}

/**
 * A param name, or arithmetic (+ - * / and parentheses) over numbers and numeric params.
 * Returns the value, or `{ error }` saying what is wrong.
 */
export function evaluateExpression(expression: string, params: ReadonlyMap<string, ParamValue>, used: Set<string> = new Set()): ParamValue | { error: string } {
  const tokens = tokenize(expression);
  if (typeof tokens === 'string') return { error: tokens };
  if (tokens.length === 1 && tokens[0].kind === 'name') {
    const name = tokens[0].text;
    const value = params.get(name);
    if (value === undefined) return { error: unknownParam(name, params) };
    used.add(name);
    return value;
  }
  let position = 0;
  const fail = (message: string): never => {
    throw new ExpressionError(message);
  };
  const peek = (): Token | undefined => tokens[position];
  const sum = (): number => {
    let value = product();
    for (let t = peek(); t?.kind === 'op' && (t.text === '+' || t.text === '-'); t = peek()) {
      position++;
      value = t.text === '+' ? value + product() : value - product();
    }
    return value;
  };
  const product = (): number => {
    let value = unary();
    for (let t = peek(); t?.kind === 'op' && (t.text === '*' || t.text === '/'); t = peek()) {
      position++;
      value = t.text === '*' ? value * unary() : value / unary();
    }
    return value;
  };
  const unary = (): number => {
    const t = peek();
    if (t?.kind === 'op' && t.text === '-') {
      position++;
      return -unary();
    }
    return atom();
  };
  const atom = (): number => {
    const t = tokens[position++];
    if (t === undefined) return fail('ends early; expected a number, a param or "("');
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'name') {
      const value = params.get(t.text);
      if (value === undefined) return fail(unknownParam(t.text, params));
      if (typeof value !== 'number') return fail(`param ${t.text} is ${JSON.stringify(value)}, not a number, so it cannot be used in arithmetic`);
      used.add(t.text);
      return value;
    }
    if (t.text === '(') {
      const value = sum();
      if (tokens[position++]?.text !== ')') fail('has a "(" without its ")"');
      return value;
    }
    return fail(`unexpected "${t.text}"`);
  };
  try {
    const value = sum();
    if (position < tokens.length) fail(`unexpected "${tokens[position].text}"`);
    if (!Number.isFinite(value)) fail('is not a finite number (division by zero?)');
    return value;
  } catch (error) {
    if (error instanceof ExpressionError) return { error: error.message };
    throw error;
  }
}

class ExpressionError extends Error {}

interface Token {
  readonly kind: 'number' | 'name' | 'op';
  readonly text: string;
}

function tokenize(expression: string): Token[] | string {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const m = pattern.exec(expression);
    if (m === null) return `"${expression.slice(index).trim()}" is not a number, a param name or one of + - * / ( )`;
    tokens.push(m[1] !== undefined ? { kind: 'number', text: m[1] } : m[2] !== undefined ? { kind: 'name', text: m[2] } : { kind: 'op', text: m[3] });
    index = pattern.lastIndex;
  }
  if (tokens.length === 0) return 'is empty; write a param name, e.g. ${NUM_USERS}';
  return tokens;
}

function unknownParam(name: string, params: ReadonlyMap<string, ParamValue>): string {
  const known = [...params.keys()];
  return `unknown param "${name}"; ${known.length > 0 ? `params are ${known.join(', ')}` : 'the scenario declares no params'}`;
}
