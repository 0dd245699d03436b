/**
 * The encoded forms of every Sym whose subclass makes its text on use (a Uuid): such a value is
 * made per event or per session and keeps no bytes (`keepsBytes` is false), so it does not pay
 * for a list of its own. Frozen, so that a write to it throws instead of sharing bytes.
 */
const NO_ENCODED: (Uint8Array | undefined)[] = Object.freeze([]) as unknown as (Uint8Array | undefined)[];

/**
 * An interned string value: enum members, catalog cells, constants and state names are
 * Syms, created once when a scenario is compiled. Encoders cache the encoded bytes of a
 * Sym on the Sym itself (one slot per dialect), so a value from a finite domain is
 * escaped and converted to bytes once per run, not once per event.
 */
export class Sym {
  /** Encoded forms, indexed by encoder dialect (see encode/dialects.ts). */
  readonly encoded: (Uint8Array | undefined)[];
  /**
   * The NDJSON encoder's last member written for this Sym (`,"key":"value"`), tagged with
   * the key it was made for: a value almost always appears under one key, so one slot
   * saves a copy per event.
   */
  fusedKey: Uint8Array | null = null;
  fused: Uint8Array | null = null;
  /**
   * The text's bytes in 8-byte words, when it is ASCII (null when not), for the columnar
   * outputs' text columns (encode/columnar/ascii-words.ts); undefined until first asked.
   */
  asciiWords: Float64Array | null | undefined = undefined;
  /**
   * Whether encoders keep this value's bytes on it: yes for a value that repeats (interned,
   * or kept for a session); no for one made per event, whose kept bytes would be made,
   * copied and collected once each.
   */
  readonly keepsBytes: boolean = true;
  /**
   * The value. Declared, not defined as a field, and set by the constructor: a subclass may
   * make it an accessor instead, computed on first use (a Uuid, whose text most runs never
   * need, since NDJSON writes its digits straight from its bits).
   */
  declare readonly text: string;

  /**
   * @param text the value; null from a subclass that defines `text` itself
   * @param index position in its SymTable (event types are counted by it); -1 for Syms
   *   made per session (an id repeated on each of the session's events)
   */
  constructor(
    text: string | null,
    readonly index = -1,
  ) {
    if (text !== null) this.text = text;
    this.encoded = text === null ? NO_ENCODED : [];
  }

  toString(): string {
    return this.text;
  }

  /** JSON.stringify sees the plain string. */
  toJSON(): string {
    return this.text;
  }
}

/** Interns strings within one compiled scenario. */
export class SymTable {
  private readonly byText = new Map<string, Sym>();

  get(text: string): Sym {
    let sym = this.byText.get(text);
    if (sym === undefined) {
      sym = new Sym(text, this.byText.size);
      this.byText.set(text, sym);
    }
    return sym;
  }
}

/**
 * A value kept for a whole session (its id, its variables): strings become Syms so
 * encoders escape and convert them once per session instead of once per event.
 */
export function keep<T>(value: T): T | Sym {
  return typeof value === 'string' ? new Sym(value) : value;
}

/**
 * Small non-negative integers kept by Sym index, 0 for a Sym not set: typed and grown to fit,
 * since a scenario with catalogs interns thousands of texts before its event types
 * (ecommerce's are near 11,860), and a plain array indexed so far out is a dictionary, about
 * ten times slower to read.
 */
export class BySymIndex {
  private values = new Int32Array(64);

  get(index: number): number {
    return index < this.values.length ? this.values[index] : 0;
  }

  set(index: number, value: number): void {
    if (index >= this.values.length) {
      const grown = new Int32Array(Math.max(index + 1, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index] = value;
  }
}
