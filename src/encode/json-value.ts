import { Sym } from '../engine/sym.js';
import { Uuid } from '../engine/uuid.js';
import { JsonDocument } from '../scenario/json-text.js';
import { SHAPE, type ObjectShape, type Shaped } from '../scenario/value-shape.js';
import { utf8, writeBytes, writeNumber, writeText } from './bytes.js';
import { Dialect } from './dialects.js';
import { TimestampWriter } from './timestamps.js';

/**
 * JSON lists and objects (GA4's event_params and items, Segment's properties, ...) written
 * straight into the output buffer, byte for byte as JSON.stringify writes them: members in
 * their order, undefined members left out of objects and null in lists, Syms as their text.
 * Going through JSON.stringify made a string per record and encoded it again as UTF-8.
 */

const textEncoder = new TextEncoder();
const NULL = utf8('null');
const TRUE = utf8('true');
const FALSE = utf8('false');
/** `"key":` per object key; keys come from scenarios, so few, but bounded all the same. */
const keys = new Map<string, Uint8Array>();
const MAX_KEYS = 4096;

function keyBytes(key: string): Uint8Array {
  let bytes = keys.get(key);
  if (bytes === undefined) {
    bytes = utf8(`${JSON.stringify(key)}:`);
    if (keys.size < MAX_KEYS) keys.set(key, bytes);
  }
  return bytes;
}

/** Writes one JSON value; returns -1 when it does not fit before `limit`. */
export function writeJsonValue(value: unknown, out: Uint8Array, o: number, limit: number): number {
  if (value === null) return o + 4 > limit ? -1 : writeBytes(out, o, NULL);
  switch (typeof value) {
    case 'string':
      return writeJsonString(value, out, o, limit);
    case 'number':
      return o + TimestampWriter.maxBytes > limit ? -1 : writeNumber(out, o, value);
    case 'boolean':
      return o + 5 > limit ? -1 : writeBytes(out, o, value ? TRUE : FALSE);
    case 'object':
      break;
    default:
      // undefined, functions and symbols: JSON has no such value (lists write null).
      return o + 4 > limit ? -1 : writeBytes(out, o, NULL);
  }
  if (value instanceof Sym) {
    if (value instanceof JsonDocument) return writeEscaped(value.escaped, out, o, limit);
    if (value instanceof Uuid) return o + 38 > limit ? -1 : value.writeQuoted(out, o);
    if (value.index < 0) return writeJsonString(value.text, out, o, limit);
    const bytes = value.encoded[Dialect.json] ?? (value.encoded[Dialect.json] = utf8(JSON.stringify(value.text)));
    return o + bytes.length > limit ? -1 : writeBytes(out, o, bytes);
  }
  const shape = (value as Shaped)[SHAPE];
  if (shape !== undefined) {
    if (shape.kind === 'object') return writeShapedObject(value, shape, out, o, limit);
    return o + shape.bytes.length > limit ? -1 : writeBytes(out, o, shape.bytes);
  }
  if (Array.isArray(value)) {
    if (o + 2 > limit) return -1;
    out[o++] = 91; // [
    for (let i = 0; i < value.length; i++) {
      if (i > 0) {
        if (o + 1 > limit) return -1;
        out[o++] = 44; // ,
      }
      o = writeJsonValue(value[i], out, o, limit);
      if (o < 0) return -1;
    }
    if (o + 1 > limit) return -1;
    out[o++] = 93; // ]
    return o;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    // Dates, typed arrays and anything else with its own JSON form.
    const text = JSON.stringify(value);
    return o + text.length * 3 > limit ? -1 : writeText(out, o, text);
  }
  if (o + 2 > limit) return -1;
  out[o++] = 123; // {
  let first = true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    const k = keyBytes(key);
    if (o + k.length + 1 > limit) return -1;
    if (!first) out[o++] = 44;
    first = false;
    o = writeJsonValue(member, out, writeBytes(out, o, k), limit);
    if (o < 0) return -1;
  }
  if (o + 1 > limit) return -1;
  out[o++] = 125; // }
  return o;
}

/**
 * An object its `object` source made, by the steps of its shape: braces, keys and constant
 * members are copied in pieces encoded once, only the members that vary are looked up and
 * written.
 */
function writeShapedObject(value: object, shape: ObjectShape, out: Uint8Array, o: number, limit: number): number {
  const steps = shape.steps;
  // Whether no member has been written yet in the innermost object open.
  let first = true;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const path = step.path;
    let member: unknown = undefined;
    if (path !== null) {
      member = value;
      for (let k = 0; k < path.length; k++) member = (member as Readonly<Record<string, unknown>>)[path[k]];
    }
    if (member === undefined) {
      const bytes = first ? step.absentFirst : step.absentLater;
      if (o + bytes.length > limit) return -1;
      o = writeBytes(out, o, bytes);
      if (step.absentEndsFirst !== null) first = step.absentEndsFirst;
      continue;
    }
    const bytes = first ? step.first : step.later;
    if (o + bytes.length > limit) return -1;
    o = writeJsonValue(member, out, writeBytes(out, o, bytes), limit);
    if (o < 0) return -1;
    first = false;
  }
  return o;
}

export function writeJsonString(value: string, out: Uint8Array, offset: number, limit: number): number {
  const n = value.length;
  // Each character takes at most 3 bytes, or 2 escaped: measure exactly only when that may not fit.
  if (offset + n * 3 + 2 > limit) return writeMeasured(value, out, offset, limit);
  let o = offset;
  out[o++] = 34;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 || c === 92) {
      // JSON text inside a string (Snowplow's contexts) is full of quotes: escape them here.
      out[o++] = 92;
      out[o++] = c;
    } else if (c < 0x20 || c > 0x7e) return writeMeasured(value, out, offset, limit);
    else out[o++] = c;
  }
  out[o++] = 34;
  return o;
}

/**
 * A text escaped already (a JsonDocument's) between quotes; -1 when it does not fit. The text
 * is long (Snowplow's contexts are some hundreds of characters) and needs no escaping: one
 * native copy, not a loop over its characters.
 */
function writeEscaped(escaped: string, out: Uint8Array, offset: number, limit: number): number {
  const room = escaped.length * 3 + 2;
  if (offset + room > limit && offset + Buffer.byteLength(escaped) + 2 > limit) return -1;
  out[offset] = 34;
  const end = offset + 1 + textEncoder.encodeInto(escaped, out.subarray(offset + 1, limit)).written;
  out[end] = 34;
  return end + 1;
}

/** Control characters and non-ASCII text, through JSON.stringify; -1 when it does not fit. */
function writeMeasured(value: string, out: Uint8Array, offset: number, limit: number): number {
  const text = JSON.stringify(value);
  if (offset + Buffer.byteLength(text) > limit) return -1;
  return writeText(out, offset, text);
}
