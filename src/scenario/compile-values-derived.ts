import type { FieldValue } from '../engine/event.js';
import type { Evaluator } from '../engine/session.js';
import { Sym } from '../engine/sym.js';
import { Uuid } from '../engine/uuid.js';
import type { CartBinding } from './compile-cart.js';
import { ABSENT, JsonDocument, NULL, type JsonBuilder, type JsonWriter } from './json-text.js';
import { ObjectShape, SHAPE, withShape } from './value-shape.js';

/**
 * Value sources that derive a value from others and draw nothing from the session's
 * stream. A vocabulary is built from these, so rendering a scenario in it leaves the
 * journeys exactly as they were.
 */

/** Two independent 32-bit FNV-1a style hashes of (seed, text), mixed so that near texts spread. */
function hash64(seed: number, text: string): [number, number] {
  let a = 0x811c9dc5 ^ seed;
  let b = 0x9e3779b9 ^ Math.imul(seed, 0x85ebca6b);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [mix(a), mix(b ^ a)];
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function text(value: FieldValue): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Sym ? value.text : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A version-4-shaped UUID that is a function of (seed, value): one device id per user, say. Null for a null value. */
export function uuidOf(of: Evaluator, seed: number): Evaluator {
  return (s) => {
    const t = text(of(s));
    if (t === null) return null;
    const [h1, h2] = hash64(seed, t);
    const [h3, h4] = hash64(seed ^ 0x5f3759df, t);
    return new Uuid(h1, (h2 & 0xffff0fff) | 0x00004000, (h3 & 0x3fffffff) | 0x80000000, h4);
  };
}

/** An integer in [min, max] that is a function of (seed, salt, value). Null for a null value. */
export function hashOf(of: Evaluator, seed: number, salt: string, min: number, max: number): Evaluator {
  const span = max - min + 1;
  return (s) => {
    const t = text(of(s));
    if (t === null) return null;
    const [h1, h2] = hash64(seed, salt + t);
    return min + Math.floor(((h1 * 4294967296 + h2) / 18446744073709551616) * span);
  };
}

/** The UTC date of a time (epoch ms) as YYYYMMDD, remembered for the day it was last asked for. */
export function dateOf(of: Evaluator): Evaluator {
  let day = NaN;
  let last = '';
  return (s) => {
    const ms = of(s);
    if (typeof ms !== 'number') return null;
    const d = Math.floor(ms / 86_400_000);
    if (d !== day) {
      day = d;
      last = new Date(d * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    }
    return last;
  };
}

/**
 * A value as JSON text, with its escaped form for NDJSON (a JsonDocument); base64url without
 * padding when asked (the Snowplow tracker's `cx` and `ue_px`).
 */
export function jsonOf(writer: JsonWriter, base64: boolean): Evaluator {
  return (s) => {
    // A builder per document, not one kept for the field: a kept one is old, and each of the
    // dozens of appends that store a new (young) string in it took the write barrier's slow
    // path, a third of the cost of a Snowplow event's documents.
    const doc: JsonBuilder = { text: '', escaped: '' };
    const written = writer(s, doc);
    if (written === ABSENT) return undefined;
    if (written === NULL) return base64 ? Buffer.from('null', 'utf8').toString('base64url') : new JsonDocument('null', 'null');
    return base64 ? Buffer.from(doc.text, 'utf8').toString('base64url') : new JsonDocument(doc.text, doc.escaped);
  };
}

/**
 * An object of these members, in this order, those whose value is absent left out; it
 * carries its shape, when it has one, for JSON writers (value-shape.ts). The code is made per
 * object source, as the Avro writer makes its record writers: each member is stored at a site
 * of its own. One shared loop stored every object of the scenario (GA4's event parameters,
 * items, device) through one `out[key]` site, a megamorphic store per member.
 */
export function objectOf(keys: readonly string[], values: readonly Evaluator[], shape: ObjectShape | undefined): Evaluator {
  const members = keys.map((key, i) => `v = values[${i}](s); if (v !== undefined) out[${JSON.stringify(key)}] = v;`);
  const shaped = shape === undefined ? '' : 'out[SHAPE] = shape;';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the scenario's member names, quoted by JSON.stringify
  const make = new Function('values', 'shape', 'SHAPE', `return (s) => {\nconst out = {};\nlet v;\n${members.join('\n')}\n${shaped}\nreturn out;\n};`) as (values: readonly Evaluator[], shape: ObjectShape | undefined, key: symbol) => Evaluator;
  return make(values, shape, SHAPE);
}

/** A fixed list of values, in order; null and absent ones are skipped (an entry that applies to some events only). */
export function arrayOf(items: readonly Evaluator[]): Evaluator {
  return (s) => {
    const out: FieldValue[] = [];
    for (const item of items) {
      const v = item(s);
      if (v !== undefined && v !== null) out.push(v);
    }
    return out;
  };
}

/**
 * The cart's items, one object per distinct row, with the named
 * columns and how many of the row the cart holds (`count_as`), in cart order.
 */
export function cartItems(cart: CartBinding | null, columns: Readonly<Record<string, string>>, countAs: string | undefined, where: string): Evaluator {
  const catalog = cart?.catalog;
  if (catalog === null || catalog === undefined) throw new Error(`${where}: cart_items needs a cart of catalog rows; add items with cart: { add: VARIABLE } where the variable picks from a catalog`);
  const keys = Object.keys(columns);
  const cols = keys.map((k) => {
    const col = catalog.columns.indexOf(columns[k]);
    if (col < 0) throw new Error(`${where}.cart_items.${k}: catalog ${catalog.name} has no column "${columns[k]}"; columns are ${catalog.columns.join(', ')}`);
    return col;
  });
  // GA4's items[] and Segment's products[] of checkouts and orders: written by NDJSON from their shape (value-shape.ts).
  const shape = ObjectShape.of([...new Set(countAs === undefined ? keys : [...keys, countAs])].map((key) => ({ key })));
  return (s) => {
    const rows: (readonly FieldValue[])[] = [];
    const counts: number[] = [];
    for (const item of s.cart ?? []) {
      const row = item as readonly FieldValue[];
      const at = rows.indexOf(row);
      if (at >= 0) counts[at]++;
      else {
        rows.push(row);
        counts.push(1);
      }
    }
    return rows.map((row, i) => {
      const out: Record<string, unknown> = {};
      for (let k = 0; k < keys.length; k++) out[keys[k]] = row[cols[k]];
      if (countAs !== undefined) out[countAs] = counts[i];
      return shape === undefined ? out : withShape(out, shape);
    });
  };
}
