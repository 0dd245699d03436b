/**
 * Small SVG charts as strings: no script, no external resources, so a report opens
 * anywhere, offline. Every chart is an `<svg class="chart">` with a `<title>`; bars and
 * points carry a `<title>` too, which browsers show as a tooltip.
 */

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Tooltip text; the label and the formatted value by default. */
  readonly tip?: string;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="11"';
const BAR = '#3b6ea8';
const MARK = '#c0504d';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Vertical bars with labels under them; values above the bars when there is room. */
export function columnChart(title: string, bars: readonly Bar[], format: (v: number) => string, options: { width?: number; height?: number; reference?: number } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 220;
  const max = Math.max(...bars.map((b) => b.value), options.reference ?? 0, 1e-12);
  // Room for the longest axis label at about 6.5 px a character.
  const left = 10 + Math.ceil(6.5 * format(max).length);
  const bottom = 28;
  const top = 24;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const step = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, step * 0.75);
  const parts = [open(title, width, height), `<text x="${left}" y="14" ${FONT} font-weight="600">${escapeXml(title)}</text>`];
  parts.push(axisY(left, top, plotH, max, format, width));
  bars.forEach((b, i) => {
    const h = (b.value / max) * plotH;
    const x = left + i * step + (step - barW) / 2;
    const y = top + plotH - h;
    parts.push(`<rect class="bar" x="${n(x)}" y="${n(y)}" width="${n(barW)}" height="${n(h)}" fill="${BAR}"><title>${escapeXml(b.tip ?? `${b.label}: ${format(b.value)}`)}</title></rect>`);
    if (bars.length <= 12) parts.push(`<text x="${n(x + barW / 2)}" y="${n(y - 3)}" ${FONT} text-anchor="middle">${escapeXml(format(b.value))}</text>`);
    if (bars.length <= 12 || i % Math.ceil(bars.length / 12) === 0) parts.push(`<text x="${n(x + barW / 2)}" y="${height - bottom + 14}" ${FONT} text-anchor="middle">${escapeXml(b.label)}</text>`);
  });
  if (options.reference !== undefined) {
    const y = top + plotH - (options.reference / max) * plotH;
    parts.push(`<line x1="${left}" x2="${width - 8}" y1="${n(y)}" y2="${n(y)}" stroke="${MARK}" stroke-dasharray="4 3"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars, one row each, label on the left and value on the right. */
export function barChart(title: string, bars: readonly Bar[], format: (v: number) => string, options: { width?: number; max?: number } = {}): string {
  const width = options.width ?? 640;
  const row = 22;
  const top = 24;
  const labelW = 140;
  const valueW = 90;
  const height = top + bars.length * row + 6;
  const plotW = width - labelW - valueW;
  const max = options.max ?? Math.max(...bars.map((b) => b.value), 1e-12);
  const parts = [open(title, width, height), `<text x="0" y="14" ${FONT} font-weight="600">${escapeXml(title)}</text>`];
  bars.forEach((b, i) => {
    const y = top + i * row;
    const w = Math.max(0, (b.value / max) * plotW);
    parts.push(`<text x="${labelW - 6}" y="${y + 14}" ${FONT} text-anchor="end">${escapeXml(b.label)}</text>`);
    parts.push(`<rect class="bar" x="${labelW}" y="${y + 3}" width="${n(w)}" height="${row - 6}" fill="${BAR}"><title>${escapeXml(b.tip ?? `${b.label}: ${format(b.value)}`)}</title></rect>`);
    parts.push(`<text x="${n(labelW + w + 6)}" y="${y + 14}" ${FONT}>${escapeXml(format(b.value))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Points (x, y) on logarithmic axes joined by a line: rank against views for popularity. */
export function logLogChart(title: string, points: readonly (readonly [number, number])[], labels: { x: string; y: string }, options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 260;
  const left = 48;
  const bottom = 34;
  const top = 24;
  const plotW = width - left - 12;
  const plotH = height - top - bottom;
  const usable = points.filter(([x, y]) => x > 0 && y > 0);
  const parts = [open(title, width, height), `<text x="${left}" y="14" ${FONT} font-weight="600">${escapeXml(title)}</text>`];
  if (usable.length > 0) {
    const lx = usable.map(([x]) => Math.log10(x));
    const ly = usable.map(([, y]) => Math.log10(y));
    const [x0, x1] = [Math.floor(Math.min(...lx)), Math.ceil(Math.max(...lx)) || 1];
    const [y0, y1] = [Math.floor(Math.min(...ly)), Math.ceil(Math.max(...ly)) || 1];
    const px = (v: number): number => left + ((v - x0) / Math.max(1e-9, x1 - x0)) * plotW;
    const py = (v: number): number => top + plotH - ((v - y0) / Math.max(1e-9, y1 - y0)) * plotH;
    for (let d = x0; d <= x1; d++) parts.push(`<line x1="${n(px(d))}" x2="${n(px(d))}" y1="${top}" y2="${top + plotH}" stroke="#ddd"/><text x="${n(px(d))}" y="${top + plotH + 14}" ${FONT} text-anchor="middle">${power(d)}</text>`);
    for (let d = y0; d <= y1; d++) parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${n(py(d))}" y2="${n(py(d))}" stroke="#ddd"/><text x="${left - 4}" y="${n(py(d) + 4)}" ${FONT} text-anchor="end">${power(d)}</text>`);
    parts.push(`<polyline class="series" fill="none" stroke="${BAR}" stroke-width="1.5" points="${usable.map((_, i) => `${n(px(lx[i]))},${n(py(ly[i]))}`).join(' ')}"/>`);
    usable.forEach(([x, y], i) => parts.push(`<circle class="point" cx="${n(px(lx[i]))}" cy="${n(py(ly[i]))}" r="2.5" fill="${BAR}"><title>${escapeXml(`${labels.x} ${x}: ${y} ${labels.y}`)}</title></circle>`));
  }
  parts.push(`<text x="${left + plotW / 2}" y="${height - 4}" ${FONT} text-anchor="middle">${escapeXml(labels.x)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

function open(title: string, width: number, height: number): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>`;
}

function axisY(left: number, top: number, plotH: number, max: number, format: (v: number) => string, width: number): string {
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const y = top + plotH - (i / 4) * plotH;
    parts.push(`<line x1="${left}" x2="${width - 8}" y1="${n(y)}" y2="${n(y)}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${left - 4}" y="${n(y + 4)}" ${FONT} text-anchor="end">${escapeXml(format((max * i) / 4))}</text>`);
  }
  return parts.join('');
}

function power(d: number): string {
  return d >= 0 && d <= 6 ? String(10 ** d) : `1e${d}`;
}

function n(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
