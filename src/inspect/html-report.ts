import type { Comparison } from './compare.js';
import { int, pct, showCompared, showMeasure } from './format-numbers.js';
import type { InspectReport } from './report.js';
import type { SegmentMeasures } from './segment-totals.js';
import { barChart, columnChart, escapeXml, logLogChart, type Bar } from './svg-charts.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 1340px; color: #222; padding: 0 16px; }
h1 { font-size: 20px; margin-bottom: 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #666; font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 14px; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; min-width: 120px; }
.card b { display: block; font-size: 18px; }
.card span { color: #666; font-size: 12px; }
.grid { display: flex; flex-wrap: wrap; gap: 20px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid #eee; padding: 4px 8px; text-align: right; }
th:first-child, td:first-child, td.text { text-align: left; }
td.in { color: #1f7a35; } td.out { color: #b3261e; font-weight: 600; }
`;

/** The report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched. */
export function htmlReport(r: InspectReport, comparison?: readonly Comparison[]): string {
  const body: string[] = [];
  body.push(`<h1>${escapeXml(r.input.name)}</h1>`);
  body.push(`<p class="meta">${escapeXml(r.input.format)}, ${int(r.events)} events${r.first_event_time === null ? '' : `, ${escapeXml(r.first_event_time)} to ${escapeXml(r.last_event_time ?? '')} (${r.days.toFixed(1)} days)`}; sessions from ${escapeXml(r.sessions.from)}</p>`);
  body.push(cards(r));

  body.push('<h2>Funnel</h2><div class="grid">');
  body.push(
    barChart(
      'Sessions reaching each step',
      [{ label: 'sessions', value: r.sessions.count }, ...r.funnel.map((s) => ({ label: s.step, value: s.sessions, tip: `${s.step}: ${int(s.sessions)} sessions, ${pct(s.share_of_sessions)} of all, ${pct(s.from_previous)} of the step before` }))],
      int,
    ),
  );
  body.push(barChart('Events by type', Object.entries(r.events_by_type).map(([label, value]) => ({ label, value })), int));
  body.push('</div>');

  body.push('<h2>Sessions</h2><div class="grid">');
  const pageBars: Bar[] = r.pages_per_session.counts.slice(1).map((v, i) => ({ label: String(i + 1), value: v }));
  pageBars.push({ label: `${r.pages_per_session.counts.length}+`, value: r.pages_per_session.more });
  body.push(columnChart('Sessions by pages per session', pageBars, int));
  const edges = r.session_duration_s.edges;
  body.push(columnChart('Sessions by duration (seconds)', r.session_duration_s.counts.map((v, i) => ({ label: i === edges.length - 1 ? `${edges[i]}+` : `${edges[i]}`, value: v, tip: `${edges[i]}–${edges[i + 1] ?? '∞'} s: ${int(v)} sessions` })), int));
  body.push('</div>');

  body.push(`<h2>Traffic over time (${r.hourly.basis === 'local' ? "visitors' local time" : 'UTC'})</h2><div class="grid">`);
  body.push(columnChart('Sessions by hour of day, relative to the mean', r.hourly.index.map((v, h) => ({ label: String(h), value: v, tip: `${h}h: ${int(r.hourly.sessions[h])} sessions, ${v.toFixed(2)} × the mean hour` })), (v) => v.toFixed(2), { reference: 1 }));
  body.push(columnChart('Sessions by day of week, relative to the mean', r.weekly.index.map((v, d) => ({ label: WEEKDAYS[d], value: v, tip: `${WEEKDAYS[d]}: ${int(r.weekly.sessions[d])} sessions, ${v.toFixed(2)} × the mean day` })), (v) => v.toFixed(2), { width: 420, reference: 1 }));
  body.push('</div>');

  body.push('<h2>Segments</h2>');
  for (const [title, segments] of [
    ['Device', r.by_device],
    ['New and returning visitors', r.by_visitor],
    ['Traffic source', r.by_source],
  ] as const) {
    body.push(`<div class="grid">`);
    body.push(barChart(`${title}: share of sessions`, bars(segments, (m) => m.share), pct, { width: 440 }));
    body.push(barChart(`${title}: conversion rate`, bars(segments, (m) => m.conversion_rate), pct, { width: 440 }));
    body.push(segmentTable(segments));
    body.push('</div>');
  }

  if (r.products !== null) {
    body.push('<h2>Product popularity</h2>');
    body.push(`<p class="meta">${int(r.products.distinct)} products viewed ${int(r.products.views)} times; top 1%: ${pct(r.products.top_1pct_share)} of views, top 20%: ${pct(r.products.top_20pct_share)}; Zipf exponent ${r.products.zipf_exponent === null ? '–' : r.products.zipf_exponent.toFixed(2)}</p>`);
    body.push(logLogChart('Views by popularity rank (log–log)', r.products.rank_views, { x: 'rank', y: 'views' }));
  }
  if (r.delivery !== null) {
    body.push('<h2>Delivery</h2>');
    body.push(`<p>${pct(r.delivery.late_share)} of events arrived more than ${r.delivery.late_after_s} s after their event time; ${pct(r.delivery.out_of_order_share)} came after a later event. Delay: median ${r.delivery.delay_s.p50.toFixed(1)} s, p99 ${r.delivery.delay_s.p99.toFixed(1)} s.</p>`);
  }
  if (comparison !== undefined) body.push(comparisonTable(comparison));

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`clickgen inspect: ${r.input.name}`)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function cards(r: InspectReport): string {
  const card = (value: string, label: string): string => `<div class="card"><b>${escapeXml(value)}</b><span>${escapeXml(label)}</span></div>`;
  const items = [
    card(int(r.sessions.count), 'sessions'),
    card(int(r.users.count), r.users.exact ? 'users' : 'users (estimated)'),
    card(pct(r.conversion_rate), 'conversion rate'),
    card(pct(r.bounce_rate), 'bounce rate'),
    card(pct(r.cart.add_to_cart_rate), 'sessions with an add to cart'),
    card(pct(r.cart.abandonment_rate), 'cart abandonment'),
    card(r.pages_per_session.mean.toFixed(1), 'pages per session'),
    card(`${Math.round(r.session_duration_s.mean)} s`, 'mean session duration'),
    card(pct(r.users.returning_share), 'returning visitors'),
  ];
  if (r.orders.value !== null) items.push(card(r.orders.value.mean.toFixed(2), 'average order value'));
  return `<div class="cards">${items.join('')}</div>`;
}

function bars(segments: Record<string, SegmentMeasures>, pick: (m: SegmentMeasures) => number): Bar[] {
  return Object.entries(segments).map(([label, m]) => ({ label, value: pick(m) }));
}

function segmentTable(segments: Record<string, SegmentMeasures>): string {
  const rows = Object.entries(segments).map(
    ([name, m]) =>
      `<tr><td>${escapeXml(name)}</td><td>${int(m.sessions)}</td><td>${pct(m.add_to_cart_rate)}</td><td>${pct(m.bounce_rate)}</td><td>${m.pages_per_session.toFixed(1)}</td><td>${Math.round(m.duration_s)}</td><td>${m.average_order_value === null ? '–' : m.average_order_value.toFixed(2)}</td></tr>`,
  );
  return `<table><tr><th></th><th>sessions</th><th>add to cart</th><th>bounce</th><th>pages</th><th>duration (s)</th><th>AOV</th></tr>${rows.join('')}</table>`;
}

function comparisonTable(comparison: readonly Comparison[]): string {
  const rows = comparison.map((c) => {
    const cls = c.inside === null ? '' : c.inside ? 'in' : 'out';
    const verdict = c.inside === null ? 'not measured' : c.inside ? 'inside' : 'outside';
    return `<tr><td>${escapeXml(c.id)}</td><td class="text">${escapeXml(c.label)}</td><td>${c.value === null ? '–' : showCompared(c.value, c.low, c.high, c.unit)}</td><td>${showMeasure(c.low, c.unit)} – ${showMeasure(c.high, c.unit)}</td><td class="${cls}">${verdict}</td><td class="text">${escapeXml(c.sources)}</td></tr>`;
  });
  const inside = comparison.filter((c) => c.inside === true).length;
  const outside = comparison.filter((c) => c.inside === false).length;
  // Not measured is neither inside nor outside: the counts say so, as the text report does.
  return `<h2>Compared with published ranges</h2><p class="meta">${inside} inside their range, ${outside} outside, ${comparison.length - inside - outside} not measurable in this file; sources and definitions in docs/realism.md.</p><table><tr><th>#</th><th>measure</th><th>this file</th><th>published range</th><th></th><th>sources</th></tr>${rows.join('')}</table>`;
}



