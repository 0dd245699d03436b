import type { FieldValue } from '../engine/event.js';
import type { Session } from '../engine/session.js';
import { Sym } from '../engine/sym.js';

/**
 * A value's JSON text, as JSON.stringify writes it: undefined when the value is absent,
 * null when it is null. The `json` source (Snowplow's contexts and self-describing events)
 * writes nested objects as text; building the objects per event and then stringifying them
 * made most of the cost, so objects, lists and matches of a `json` source write their
 * text from the texts of their members, and constant parts are written once.
 */
export type JsonText = (s: Session) => string | null | undefined;

/** What a compiled value offers for its JSON text (see compile-values.ts CompiledValue). */
interface TextSource {
  readonly evaluate: (s: Session) => FieldValue;
  readonly json?: JsonText;
  readonly constant?: boolean;
}

/** The JSON text of a compiled value: its own, a constant's computed once, or its value stringified. */
export function jsonTextOf(value: TextSource): JsonText {
  if (value.json !== undefined) return value.json;
  if (value.constant === true) {
    // Constants read nothing from the session.
    const text = textOf(value.evaluate(undefined as unknown as Session));
    return () => text;
  }
  const evaluate = value.evaluate;
  return (s) => textOf(evaluate(s));
}

/**
 * An object's text from its members' (absent ones left out), or undefined when the object's
 * own key order would differ from the members' order: JavaScript puts integer keys first, and
 * `__proto__` is no plain key.
 */
export function objectText(members: readonly (readonly [string, JsonText])[]): JsonText | undefined {
  if (members.some(([key]) => key === '__proto__' || /^(0|[1-9][0-9]*)$/.test(key))) return undefined;
  const keys = members.map(([key]) => `${JSON.stringify(key)}:`);
  const texts = members.map(([, text]) => text);
  return (s) => {
    let out = '{';
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i](s);
      if (text === undefined) continue;
      out += out.length === 1 ? keys[i] : `,${keys[i]}`;
      out += text ?? 'null';
    }
    return `${out}}`;
  };
}

/** A fixed list's text from its items' (null and absent ones left out, as arrayOf leaves them out). */
export function arrayText(items: readonly JsonText[]): JsonText {
  return (s) => {
    let out = '[';
    for (let i = 0; i < items.length; i++) {
      const text = items[i](s);
      if (text === undefined || text === null) continue;
      if (out.length > 1) out += ',';
      out += text;
    }
    return `${out}]`;
  };
}

function textOf(value: FieldValue): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (value instanceof Sym) return JSON.stringify(value.text);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return JSON.stringify(value);
  }
}
