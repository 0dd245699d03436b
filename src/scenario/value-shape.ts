import type { FieldValue } from '../engine/event.js';

/**
 * How an object or list value was made, carried by the value under the SHAPE key so that
 * JSON writers (encode/json-value.ts) can write it from pieces made once per scenario
 * instead of walking its keys: GA4's event_params are seven small objects per event, and
 * looking up and copying each of their keys one at a time was most of the NDJSON encoder's
 * time. The value stays a plain object or list for every other format (a symbol key is
 * invisible to Object.keys, for...in and JSON.stringify), and a copy without the key
 * (structuredClone, across worker threads) is written the slow way, with the same bytes.
 */
export const SHAPE: unique symbol = Symbol('clickgen.value-shape');

/** A value that may carry its shape. */
export interface Shaped {
  [SHAPE]?: ValueShape;
}

export type ValueShape = ObjectShape | ConstantShape;

/** A member of an `object` source, as its shape needs to know it. */
export interface ShapeMember {
  readonly key: string;
  /** Set when the member is the same on every event, with its value. */
  readonly constant?: { readonly value: FieldValue };
  /** Set when the member is always an object of this shape (an `object` source inside another): written inline. */
  readonly shape?: ObjectShape;
}

/**
 * One step of writing an object: constant text (braces, keys, constant members, of the
 * object and of the objects inside it), then, when `path` is set, the member found by
 * following `path` from the top object, with its key, or nothing of it when it is absent.
 * Whether a member has been written yet in the innermost object (so whether a key needs its
 * comma) is known when the scenario is compiled, except after a member that may be absent:
 * each step has its bytes for both cases.
 */
export interface ShapeStep {
  readonly path: readonly string[] | null;
  /** The text and the member's key, with no member written yet in the object and with one. */
  readonly first: Uint8Array;
  readonly later: Uint8Array;
  /** The text alone, for an absent member or a step without one. */
  readonly absentFirst: Uint8Array;
  readonly absentLater: Uint8Array;
  /** After the text alone: whether no member has been written yet in the innermost object; null when there is no text (unchanged). */
  readonly absentEndsFirst: boolean | null;
}

const textEncoder = new TextEncoder();

/** Text being put together: its forms after no member and after a member, and whether no member has been written in the innermost object after it. */
interface Lead {
  first: string;
  later: string;
  endsFirst: boolean;
}

/**
 * The objects of one `object` source: members in the order its evaluator adds them, those
 * left out when their value is undefined. Constant members (a GA4 parameter's key, a
 * currency) and the braces and keys of objects inside it are merged into as few pieces as
 * the members that vary allow: GA4's `{"key":"ga_session_number","value":{"int_value":`
 * is one piece.
 */
export class ObjectShape {
  readonly kind = 'object';
  readonly steps: readonly ShapeStep[];

  private constructor(private readonly members: readonly ShapeMember[]) {
    const steps: ShapeStep[] = [];
    let lead: Lead | null = null;
    // Text whose form depends on whether a member was written before it in its object.
    const text = (first: string, later: string, endsFirst: boolean): void => {
      if (lead === null) lead = { first, later, endsFirst };
      else {
        const piece = lead.endsFirst ? first : later;
        lead.first += piece;
        lead.later += piece;
        lead.endsFirst = endsFirst;
      }
    };
    const emit = (shape: ObjectShape, path: readonly string[]): void => {
      text('{', '{', true);
      for (const member of shape.members) {
        const key = `${JSON.stringify(member.key)}:`;
        if (member.constant !== undefined) {
          // A constant absent member is never added to the object.
          if (member.constant.value === undefined) continue;
          const written = key + JSON.stringify(member.constant.value);
          text(written, `,${written}`, false);
        } else if (member.shape !== undefined) {
          text(key, `,${key}`, false);
          emit(member.shape, [...path, member.key]);
        } else {
          const before: Lead | null = lead;
          lead = null;
          const keyAfter = (endsFirst: boolean): string => (endsFirst ? key : `,${key}`);
          steps.push({
            path: [...path, member.key],
            first: bytes(before === null ? key : before.first + keyAfter(before.endsFirst)),
            later: bytes(before === null ? `,${key}` : before.later + keyAfter(before.endsFirst)),
            absentFirst: bytes(before?.first ?? ''),
            absentLater: bytes(before?.later ?? ''),
            absentEndsFirst: before?.endsFirst ?? null,
          });
        }
      }
      text('}', '}', false);
    };
    emit(this, []);
    // Assigned by the closures above, which TypeScript does not follow.
    const last = lead as Lead | null;
    if (last !== null) steps.push({ path: null, first: EMPTY, later: EMPTY, absentFirst: bytes(last.first), absentLater: bytes(last.later), absentEndsFirst: last.endsFirst });
    this.steps = steps;
  }

  /**
   * The shape of objects built from these members in this order, or undefined when
   * JavaScript would order their keys otherwise: integer keys come first, and `__proto__`
   * is no plain key.
   */
  static of(members: readonly ShapeMember[]): ObjectShape | undefined {
    if (members.some(({ key }) => key === '__proto__' || /^(0|[1-9][0-9]*)$/.test(key))) return undefined;
    return new ObjectShape(members);
  }
}

/** A value that is the same on every event (an object or list of constants): its JSON, encoded once. */
export class ConstantShape {
  readonly kind = 'constant';
  readonly bytes: Uint8Array;

  constructor(value: FieldValue) {
    this.bytes = bytes(JSON.stringify(value));
  }
}

/** Gives an object or list its shape; returns it. */
export function withShape<T extends object>(value: T, shape: ValueShape): T {
  (value as Shaped)[SHAPE] = shape;
  return value;
}

const EMPTY = new Uint8Array(0);

function bytes(text: string): Uint8Array {
  return textEncoder.encode(text);
}
