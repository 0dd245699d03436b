import type { FieldValue } from './event.js';

/**
 * A session's cart: lines of catalog rows with a unit price and a quantity. Adding a row
 * that is already in the cart raises that line's quantity, as shop carts do.
 */
export class Cart {
  private readonly rows: (readonly FieldValue[])[] = [];
  private readonly prices: number[] = [];
  private readonly quantities: number[] = [];

  add(row: readonly FieldValue[], price: number, quantity: number): void {
    const at = this.rows.indexOf(row);
    if (at >= 0) {
      this.quantities[at] += quantity;
      this.prices[at] = price;
      return;
    }
    this.rows.push(row);
    this.prices.push(price);
    this.quantities.push(quantity);
  }

  /** The row of line `i`. */
  row(i: number): readonly FieldValue[] {
    return this.rows[i];
  }

  /** Takes out the line holding `row`; returns its quantity, 0 when the row is not in the cart. */
  remove(row: readonly FieldValue[]): number {
    const at = this.rows.indexOf(row);
    if (at < 0) return 0;
    const quantity = this.quantities[at];
    this.rows.splice(at, 1);
    this.prices.splice(at, 1);
    this.quantities.splice(at, 1);
    return quantity;
  }

  clear(): void {
    this.rows.length = 0;
    this.prices.length = 0;
    this.quantities.length = 0;
  }

  get lines(): number {
    return this.rows.length;
  }

  get units(): number {
    let n = 0;
    for (const q of this.quantities) n += q;
    return n;
  }

  /** Σ price × quantity, in cents rounded, so totals read as money. */
  get value(): number {
    let cents = 0;
    for (let i = 0; i < this.rows.length; i++) cents += Math.round(this.prices[i] * 100) * this.quantities[i];
    return cents / 100;
  }
}
