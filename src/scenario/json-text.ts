import type { FieldValue } from '../engine/event.js';
import type { Session } from '../engine/session.js';
import { Sym } from '../engine/sym.js';

/**
 * The text of a `json` source (Snowplow's contexts and self-describing events), as
 * JSON.stringify writes it, and that text again as it reads inside a JSON string, escaped:
 * the NDJSON encoder writes the escaped form as it is (encode/json-value.ts), other formats
 * the text. Building objects per event, stringifying them and escaping the text a character
 * at a time made most of the cost of these fields; here both texts are put together from
 * pieces, and the constant pieces (keys, schemas) are escaped once, when compiled.
 */
export class JsonDocument extends Sym {
  /** A document is made per event. */
  override readonly keepsBytes = false;

  constructor(
    text: string,
    /** The text escaped as inside a JSON string, without the quotes around it. */
    readonly escaped: string,
  ) {
    super(text);
  }
}

/** A document being written: its text and the text escaped. */
export interface JsonBuilder {
  text: string;
  escaped: string;
}

export const ABSENT = 0;
export const NULL = 1;
export const WRITTEN = 2;
/** What a writer did: nothing for an absent value, nothing for null (the caller writes it where it belongs), or wrote the value. */
export type Written = typeof ABSENT | typeof NULL | typeof WRITTEN;

/** Appends a value's JSON to a document; draws exactly what evaluating the value draws, in the same order. */
export type JsonWriter = (s: Session, doc: JsonBuilder) => Written;

/** What a compiled value offers for its JSON (see compile-values.ts CompiledValue). */
interface WritableValue {
  readonly evaluate: (s: Session) => FieldValue;
  readonly json?: JsonWriter;
  readonly constant?: boolean;
}

/** The writer of a compiled value: its own, a constant's text made once, or its value's text. */
export function jsonWriterOf(value: WritableValue): JsonWriter {
  if (value.json !== undefined) return value.json;
  if (value.constant === true) {
    // Constants read nothing from the session.
    return constantWriter(value.evaluate(undefined as unknown as Session));
  }
  const evaluate = value.evaluate;
  return (s, doc) => append(evaluate(s), doc);
}

/** The texts of constant writers (null's is `null`), and constant absent ones: their object members are written as one piece. */
const constantTexts = new WeakMap<JsonWriter, { readonly text: string; readonly escaped: string } | typeof ABSENT>();

export function constantWriter(value: FieldValue): JsonWriter {
  if (value === undefined) return remember(() => ABSENT, ABSENT);
  if (value === null) return remember(() => NULL, { text: 'null', escaped: 'null' });
  const text = textOf(value);
  const escaped = escape(text);
  return remember((_, doc) => {
    doc.text += text;
    doc.escaped += escaped;
    return WRITTEN;
  }, { text, escaped });
}

function remember(writer: JsonWriter, texts: { readonly text: string; readonly escaped: string } | typeof ABSENT): JsonWriter {
  constantTexts.set(writer, texts);
  return writer;
}

/** Consecutive constant members of an object, as written first in the object and after another member. */
interface ConstantPart {
  first: { text: string; escaped: string };
  later: { text: string; escaped: string };
}

/** A member computed per event: its key (with the comma before it when it is not the first) and its writer. */
interface MemberPart {
  readonly key: string;
  readonly escapedKey: string;
  readonly writer: JsonWriter;
}

/**
 * An object from its members (absent ones left out), or undefined when the object's own key
 * order would differ from the members' order: JavaScript puts integer keys first, and
 * `__proto__` is no plain key. Constant members (Snowplow's schema names) are written with
 * their keys as one piece.
 */
export function objectWriter(members: readonly (readonly [string, JsonWriter])[]): JsonWriter | undefined {
  if (members.some(([key]) => key === '__proto__' || /^(0|[1-9][0-9]*)$/.test(key))) return undefined;
  const parts: (ConstantPart | MemberPart)[] = [];
  for (const [name, writer] of members) {
    const key = `${JSON.stringify(name)}:`;
    const constant = constantTexts.get(writer);
    if (constant === ABSENT) continue;
    if (constant === undefined) {
      parts.push({ key, escapedKey: escape(key), writer });
      continue;
    }
    const text = key + constant.text;
    const escaped = escape(key) + constant.escaped;
    const last = parts.at(-1);
    if (last !== undefined && 'first' in last) {
      last.first = { text: `${last.first.text},${text}`, escaped: `${last.first.escaped},${escaped}` };
      last.later = { text: `${last.later.text},${text}`, escaped: `${last.later.escaped},${escaped}` };
    } else parts.push({ first: { text, escaped }, later: { text: `,${text}`, escaped: `,${escaped}` } });
  }
  return (s, doc) => {
    doc.text += '{';
    doc.escaped += '{';
    let first = true;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if ('first' in part) {
        const piece = first ? part.first : part.later;
        doc.text += piece.text;
        doc.escaped += piece.escaped;
        first = false;
        continue;
      }
      // The key goes first; it is taken back when the member is absent.
      const text = doc.text;
      const escaped = doc.escaped;
      doc.text += first ? part.key : `,${part.key}`;
      doc.escaped += first ? part.escapedKey : `,${part.escapedKey}`;
      const written = part.writer(s, doc);
      if (written === ABSENT) {
        doc.text = text;
        doc.escaped = escaped;
        continue;
      }
      if (written === NULL) {
        doc.text += 'null';
        doc.escaped += 'null';
      }
      first = false;
    }
    doc.text += '}';
    doc.escaped += '}';
    return WRITTEN;
  };
}

/** A fixed list from its items, null and absent ones left out (as arrayOf leaves them out). */
export function arrayWriter(items: readonly JsonWriter[]): JsonWriter {
  return (s, doc) => {
    doc.text += '[';
    doc.escaped += '[';
    let first = true;
    for (let i = 0; i < items.length; i++) {
      const text = doc.text;
      const escaped = doc.escaped;
      if (!first) {
        doc.text += ',';
        doc.escaped += ',';
      }
      if (items[i](s, doc) === WRITTEN) first = false;
      else {
        doc.text = text;
        doc.escaped = escaped;
      }
    }
    doc.text += ']';
    doc.escaped += ']';
    return WRITTEN;
  };
}

/** Printable ASCII but the quote and the backslash: a text JSON writes as it is, between quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function append(value: FieldValue, doc: JsonBuilder): Written {
  if (value === undefined) return ABSENT;
  if (value === null) return NULL;
  // Ids, names and URLs need no escaping: put between quotes without JSON.stringify, which allocates twice per value.
  const plain = value instanceof Sym ? value.text : typeof value === 'string' ? value : null;
  if (plain !== null && PLAIN.test(plain)) {
    doc.text += `"${plain}"`;
    doc.escaped += `\\"${plain}\\"`;
    return WRITTEN;
  }
  const text = textOf(value);
  doc.text += text;
  doc.escaped += typeof value === 'number' || typeof value === 'boolean' ? text : escape(text);
  return WRITTEN;
}

/** JSON.stringify's text of a value that is neither null nor absent. */
function textOf(value: NonNullable<FieldValue>): string {
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

/** A text as JSON writes it inside a string, without the quotes. */
function escape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
