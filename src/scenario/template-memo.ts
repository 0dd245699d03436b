import type { FieldValue } from '../engine/event.js';
import { Sym, type SymTable } from '../engine/sym.js';

/** Texts kept per template: a product catalog's pages, a few cities × categories. */
const MAX_TEXTS = 1 << 13;

/**
 * Rendered texts of one template by the interned values it was made of (`/p/{product.id}`
 * over a catalog of 2,000 products makes 2,000 texts, over and over). A hit returns the
 * interned Sym of the text: no string is built per event, and encoders write the Sym's
 * bytes, kept on it, instead of escaping the text again. Only Syms of a SymTable (index ≥ 0)
 * are keys: they are few and live as long as the scenario, unlike values made per session.
 * When the memo is full and fewer than half of the lookups so far were hits (ecommerce's
 * pages of 50,000 products drawn evenly), it stops: lookups that mostly miss cost more than
 * rendering.
 */
export class TemplateMemo {
  /** One level per placeholder, keyed by its Sym; the last level holds the texts. */
  private readonly root = new Map<Sym, unknown>();
  private size = 0;
  private lookups = 0;
  private hits = 0;
  private off = false;

  constructor(
    private readonly syms: SymTable,
    private readonly placeholders: number,
  ) {}

  /** The text made of `values` before, or undefined (then render it and call `keep`). */
  find(values: readonly FieldValue[]): Sym | undefined {
    if (this.off) return undefined;
    this.lookups++;
    let node: Map<Sym, unknown> = this.root;
    for (let i = 0; i < this.placeholders; i++) {
      const value = values[i];
      if (!(value instanceof Sym) || value.index < 0) return undefined;
      const next = node.get(value);
      if (next === undefined) return undefined;
      if (i === this.placeholders - 1) {
        this.hits++;
        return next as Sym;
      }
      node = next as Map<Sym, unknown>;
    }
    return undefined;
  }

  /** Returns the text to use: its Sym when `values` are all interned and there is room, else the text. */
  keep(values: readonly FieldValue[], text: string): Sym | string {
    if (this.size >= MAX_TEXTS) {
      this.off ||= this.hits * 2 < this.lookups;
      return text;
    }
    for (let i = 0; i < this.placeholders; i++) {
      const value = values[i];
      if (!(value instanceof Sym) || value.index < 0) return text;
    }
    let node: Map<Sym, unknown> = this.root;
    for (let i = 0; i < this.placeholders - 1; i++) {
      const key = values[i] as Sym;
      let next = node.get(key) as Map<Sym, unknown> | undefined;
      if (next === undefined) node.set(key, (next = new Map<Sym, unknown>()));
      node = next;
    }
    const sym = this.syms.get(text);
    node.set(values[this.placeholders - 1] as Sym, sym);
    this.size++;
    return sym;
  }
}
