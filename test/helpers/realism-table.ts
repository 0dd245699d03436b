import { readFileSync } from 'node:fs';

export interface RealismRow {
  readonly id: string;
  readonly label: string;
  readonly sources: string;
  readonly low: number;
  readonly high: number;
  readonly target: number;
  /** The value `shop` reproduces, as documented. */
  readonly shop: number;
  /** The smallest step the documented value is written to (for comparisons). */
  readonly shopStep: number;
}

/** Reads the calibration table of docs/realism.md: `| # | Measure | Published figures | Range | Target | shop |`. */
export function readRealismTable(path = new URL('../../docs/realism.md', import.meta.url)): RealismRow[] {
  const text = readFileSync(path, 'utf8');
  const section = text.slice(text.indexOf('## Calibration table'), text.indexOf('\n## ', text.indexOf('## Calibration table') + 1));
  return section
    .split('\n')
    .filter((line) => /^\| \d+[a-z]? \|/.test(line))
    .map((line) => {
      const cells = line.split(' | ').map((c) => c.replace(/^\| ?| ?\|$/g, ''));
      const [id, label, sources, range, target, shop] = cells as [string, string, string, string, string, string];
      const [low, high] = range.split(' – ').map(value);
      return { id, label, sources, low: low, high: high, target: value(target), shop: value(shop), shopStep: step(shop) };
    });
}

/** A documented value in its unit: "1.2%", "9.1 pt", "120 s", "$80", "0.47". Shares and points as fractions. */
function value(text: string): number {
  const n = Number(text.replace(/[^\d.-]/g, ''));
  if (Number.isNaN(n) || text.trim() === '') throw new Error(`not a value: "${text}"`);
  return /%|pt/.test(text) ? n / 100 : n;
}

function step(text: string): number {
  const digits = /\.(\d+)/.exec(text)?.[1]?.length ?? 0;
  return (/%|pt/.test(text) ? 0.01 : 1) * 10 ** -digits;
}
