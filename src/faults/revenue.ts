import type { EventView, OutputSchema } from '../engine/event.js';
import { BySymIndex } from '../engine/sym.js';
import { putDigits, putNumber } from './key-text.js';
import type { FaultPlan } from './plan.js';

/**
 * Revenue in the answer key: each purchase's value rounded to whole units of 10^-decimals
 * (cents by default) and added as integers, so that a reader who sums the written values
 * the same way gets exactly the key's text, whatever the order of addition.
 */

/** A written value in whole units of 10^-decimals; 0 for no value. */
export function revenueUnits(value: unknown, scale: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.round(n * scale) : 0;
}

/** Whole units as a decimal text with exactly `decimals` places: 123456 with 2 is "1234.56". */
export function revenueText(units: bigint | number, decimals: number): string {
  // A window's sum is a safe integer unless it passes 90 trillion dollars: BigInt only then.
  const negative = units < 0;
  const magnitude = negative ? -units : units;
  const digits = (typeof magnitude === 'number' && !Number.isSafeInteger(magnitude) ? BigInt(magnitude) : magnitude).toString().padStart(decimals + 1, '0');
  const sign = negative ? '-' : '';
  return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** The most bytes putRevenue writes: a sign, 16 digits, a point and 15 places. */
export const MAX_REVENUE_BYTES = 33;

/** Whether putRevenue can write these units: a safe integer, with at most 15 places (else revenueText). */
export function revenuePuttable(units: number, decimals: number): boolean {
  return Number.isSafeInteger(units) && decimals <= 15;
}

/** Writes revenueText(units, decimals) to `out` at `o` without making the string (when revenuePuttable); returns the end. */
export function putRevenue(out: Uint8Array, o: number, units: number, decimals: number): number {
  const magnitude = Math.abs(units);
  if (units < 0) out[o++] = 45;
  const scale = 10 ** decimals;
  const whole = Math.floor(magnitude / scale);
  o = putNumber(out, o, whole);
  if (decimals === 0) return o;
  out[o++] = 46;
  return putDigits(out, o, magnitude - whole * scale, decimals);
}

/** The sum of two revenue texts with the same places, exactly. */
export function addRevenueTexts(a: string, b: string): string {
  const decimals = a.includes('.') ? a.length - a.indexOf('.') - 1 : 0;
  const units = (text: string): bigint => BigInt(text.replace('.', ''));
  return revenueText(units(a) + units(b), decimals);
}

const PURCHASE = 1;
const OTHER = 2;

/**
 * Each written record's revenue as the answer key adds it: the purchases' revenue field in
 * whole units, 0 for any other record or a purchase whose record leaves the field out.
 */
export class PurchaseRevenue {
  private readonly column: number;
  private readonly scale: number;
  /** Per event type (by Sym index): PURCHASE or OTHER once met, 0 before. */
  private readonly kindOf = new BySymIndex();

  constructor(
    private readonly purchases: NonNullable<FaultPlan['purchases']>,
    schema: OutputSchema,
  ) {
    this.column = purchases.revenue === null ? -1 : schema.indexOf(purchases.revenue);
    this.scale = 10 ** purchases.decimals;
  }

  /** The revenue units of `event`'s record, or null when the plan asks for no revenue. */
  static of(plan: FaultPlan, schema: OutputSchema): PurchaseRevenue | null {
    return plan.purchases === null || plan.purchases.revenue === null ? null : new PurchaseRevenue(plan.purchases, schema);
  }

  unitsOf(event: EventView): number {
    const type = event.type;
    let kind = this.kindOf.get(type.index);
    if (kind === 0) {
      kind = type.text === this.purchases.event ? PURCHASE : OTHER;
      this.kindOf.set(type.index, kind);
    }
    if (kind !== PURCHASE || this.column < 0 || !event.layout.columns.includes(this.column)) return 0;
    return revenueUnits(event.values[this.column], this.scale);
  }
}
