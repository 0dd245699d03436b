/**
 * An interned string value: enum members, catalog cells, constants and state names are
 * Syms, created once when a scenario is compiled. Encoders cache the encoded bytes of a
 * Sym on the Sym itself (one slot per dialect), so a value from a finite domain is
 * escaped and converted to bytes once per run, not once per event.
 */
export class Sym {
  /** Encoded forms, indexed by encoder dialect (see encode/dialects.ts). */
  readonly encoded: (Uint8Array | undefined)[] = [];
  /**
   * The NDJSON encoder's last member written for this Sym (`,"key":"value"`), tagged with
   * the key it was made for: a value almost always appears under one key, so one slot
   * saves a copy per event.
   */
  fusedKey: Uint8Array | null = null;
  fused: Uint8Array | null = null;

  /**
   * @param text the value
   * @param index position in its SymTable (event types are counted by it); -1 for Syms
   *   made per session (an id repeated on each of the session's events)
   */
  constructor(
    readonly text: string,
    readonly index = -1,
  ) {}

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
