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

/** The sum of two revenue texts with the same places, exactly. */
export function addRevenueTexts(a: string, b: string): string {
  const decimals = a.includes('.') ? a.length - a.indexOf('.') - 1 : 0;
  const units = (text: string): bigint => BigInt(text.replace('.', ''));
  return revenueText(units(a) + units(b), decimals);
}
