import type { Comparison } from './compare.js';
import { int, num, pct, showCompared, showMeasure } from './format-numbers.js';
import type { Summary } from './histogram.js';
import type { InspectReport } from './report.js';
import type { SegmentMeasures } from './segment-totals.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The human-readable report: short sections of aligned lines. */
export function formatText(r: InspectReport, comparison?: readonly Comparison[]): string {
  const out: string[] = [];
  const line = (label: string, value: string): void => void out.push(`  ${label.padEnd(28)}${value}`);
  const section = (title: string): void => void out.push('', title);

  out.push(`${r.input.name}: ${r.input.format}, ${int(r.events)} events, ${int(r.sessions.count)} sessions, ${int(r.users.count)}${r.users.exact ? '' : ' (estimated)'} users`);
  if (r.first_event_time !== null) out.push(`  ${r.first_event_time} .. ${r.last_event_time} (${r.days.toFixed(1)} days); sessions from ${r.sessions.from}`);

  section('Events by type');
  for (const [type, n] of Object.entries(r.events_by_type)) line(type, `${int(n)}  ${pct(n / r.events)}`);

  section('Sessions');
  line('events per session', summary(r.events_per_session));
  line('pages per session', summary(r.pages_per_session));
  line('duration (s)', summary(r.session_duration_s));
  line('gap between events (s)', summary(r.event_gap_s));
  line('bounce rate', pct(r.bounce_rate));
  line('returning visitors', pct(r.users.returning_share));

  section('Funnel (sessions)');
  for (const step of r.funnel) line(step.step, `${int(step.sessions)}  ${pct(step.share_of_sessions)} of sessions, ${pct(step.from_previous)} of the step before`);
  line('conversion rate', pct(r.conversion_rate));
  line('cart abandonment', pct(r.cart.abandonment_rate));
  line('checkout completion', pct(r.cart.checkout_completion));
  line('removes per add to cart', r.cart.removes_per_add === null ? '–' : r.cart.removes_per_add.toFixed(2));
  if (r.orders.value !== null) line('order value', `mean ${r.orders.value.mean.toFixed(2)}, median ${r.orders.value.p50.toFixed(2)}, σ(ln) ${r.orders.value.sigma_log.toFixed(2)}`);
  if (r.orders.units !== null) line('units per order', `mean ${r.orders.units.mean.toFixed(2)}`);

  segmentTable(out, 'By device', r.by_device);
  segmentTable(out, 'New and returning visitors', r.by_visitor);
  segmentTable(out, 'By traffic source', r.by_source);
  section('Search');
  line('sessions with a search', pct(r.search.session_share));
  line('conversion, searchers', `${pct(r.search.conversion_searchers)} vs ${pct(r.search.conversion_others)} (${r.search.conversion_ratio === null ? '–' : `${r.search.conversion_ratio.toFixed(2)}×`})`);

  section(`Sessions by hour of day (${r.hourly.basis} time), relative to the mean${r.hourly.whole ? '' : '; not every hour of the day is in the time span'}`);
  out.push(...bars(r.hourly.index.map((v, h) => [`${String(h).padStart(2, '0')}h`, v])));
  section(`Sessions by day of week (${r.weekly.basis} time), relative to the mean${r.weekly.whole ? '' : '; not every weekday is in the time span'}`);
  out.push(...bars(r.weekly.index.map((v, d) => [WEEKDAYS[d], v])));

  if (r.products !== null) {
    section('Product popularity');
    line('products viewed', `${int(r.products.distinct)} (${int(r.products.views)} views)`);
    line('top 1% / top 20% of views', `${pct(r.products.top_1pct_share)} / ${pct(r.products.top_20pct_share)}`);
    line('Zipf exponent', r.products.zipf_exponent === null ? '–' : r.products.zipf_exponent.toFixed(2));
  }
  if (r.delivery !== null) {
    section('Delivery');
    line(`late (> ${r.delivery.late_after_s} s)`, pct(r.delivery.late_share));
    line('out of order', pct(r.delivery.out_of_order_share));
    line('delay (s)', summary(r.delivery.delay_s));
  }
  if (comparison !== undefined) {
    section('Compared with published ranges (docs/realism.md)');
    for (const c of comparison) {
      const mark = c.inside === null ? '  -' : c.inside ? ' ok' : ' !!';
      out.push(`${mark} ${c.id.padEnd(4)}${c.label.padEnd(52)}${(c.value === null ? '–' : showCompared(c.value, c.low, c.high, c.unit)).padStart(9)}   range ${showMeasure(c.low, c.unit)} .. ${showMeasure(c.high, c.unit)}`);
    }
    const outside = comparison.filter((c) => c.inside === false).length;
    const missing = comparison.filter((c) => c.inside === null).length;
    out.push(`  ${comparison.length - outside - missing} inside, ${outside} outside, ${missing} not measurable in this file`);
  }
  return `${out.join('\n')}\n`;
}

function segmentTable(out: string[], title: string, segments: Record<string, SegmentMeasures>): void {
  out.push('', title);
  out.push(`  ${''.padEnd(16)}${'sessions'.padStart(10)}${'share'.padStart(8)}${'conv.'.padStart(8)}${'cart'.padStart(8)}${'bounce'.padStart(8)}${'pages'.padStart(7)}${'AOV'.padStart(9)}`);
  for (const [name, m] of Object.entries(segments)) {
    out.push(
      `  ${name.slice(0, 15).padEnd(16)}${int(m.sessions).padStart(10)}${pct(m.share).padStart(8)}${pct(m.conversion_rate).padStart(8)}${pct(m.add_to_cart_rate).padStart(8)}${pct(m.bounce_rate).padStart(8)}${m.pages_per_session.toFixed(1).padStart(7)}${(m.average_order_value === null ? '–' : m.average_order_value.toFixed(2)).padStart(9)}`,
    );
  }
}

function bars(rows: [string, number][]): string[] {
  const max = Math.max(...rows.map(([, v]) => v), 1e-9);
  return rows.map(([label, v]) => `  ${label.padEnd(5)}${v.toFixed(2).padStart(6)} ${'█'.repeat(Math.round((v / max) * 40))}`);
}

function summary(s: Summary): string {
  if (s.count === 0) return '–';
  return `mean ${num(s.mean)}, median ${num(s.p50)}, p90 ${num(s.p90)}, p99 ${num(s.p99)}, max ${num(s.max)}`;
}




