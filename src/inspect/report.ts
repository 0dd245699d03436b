import type { Aggregator } from './aggregate.js';
import type { FieldRole } from './fields.js';
import type { Summary } from './histogram.js';
import type { InputFormat } from './input-events.js';
import { measurableRatio, ratio, segmentMeasures, type SegmentMeasures, type SegmentTotals } from './segment-totals.js';
import { popularity, type Popularity } from './popularity.js';
import { HOURS_OF_DAY, WEEKDAYS, WHOLE_BIN, type Cycle } from './span-cover.js';

/** What `clickgen inspect --json` prints. Shares are fractions (0.019 is 1.9%). */
export interface InspectReport {
  input: { name: string; format: InputFormat; lines: number; fields: Record<FieldRole, string | null> };
  events: number;
  events_by_type: Record<string, number>;
  first_event_time: string | null;
  last_event_time: string | null;
  days: number;
  sessions: { count: number; from: 'session ids' | 'users and inactivity'; timeout_s: number };
  users: { count: number; exact: boolean; returning_share: number };
  events_per_session: Summary;
  /** `counts[k]`: sessions with k pages, for k up to 30; `more`: sessions with more. */
  pages_per_session: Summary & { single_page_share: number; counts: number[]; more: number };
  /** `counts[i]`: sessions lasting from `edges[i]` s up to the next edge (the last is open). */
  session_duration_s: Summary & { edges: number[]; counts: number[] };
  event_gap_s: Summary;
  bounce_rate: number;
  conversion_rate: number;
  /** `from_previous` is null where the step before has no sessions (a file without checkouts). */
  funnel: { step: string; sessions: number; share_of_sessions: number; from_previous: number | null }[];
  /** Null where the file has nothing to divide by: no carts, no checkouts (not measurable). */
  cart: {
    add_to_cart_rate: number;
    abandonment_rate: number | null;
    checkout_rate: number | null;
    checkout_completion: number | null;
    removes_per_add: number | null;
    purchases_per_add: number | null;
    /**
     * Units purchased ÷ units added to carts (an event without a quantity counts one): item
     * level, like datasets that write one purchase event per item bought.
     */
    purchased_per_added_unit: number | null;
  };
  /** Null in a file without product views, carts or purchases. */
  event_mix: { view: number | null; cart: number | null; purchase: number | null };
  by_device: Record<string, SegmentMeasures>;
  by_visitor: { new: SegmentMeasures; returning: SegmentMeasures };
  by_source: Record<string, SegmentMeasures>;
  search: { session_share: number; conversion_searchers: number; conversion_others: number; conversion_ratio: number | null };
  ratios: {
    mobile_to_desktop_conversion: number | null;
    returning_to_new_conversion: number | null;
    mobile_to_desktop_order_value: number | null;
    mobile_minus_desktop_bounce: number | null;
    email_to_average_conversion: number | null;
    social_to_average_conversion: number | null;
  };
  orders: { count: number; value: (Summary & { sigma_log: number }) | null; units: Summary | null };
  /**
   * `sessions[h]`: sessions starting in hour h; `index[h]`: sessions per hour of the span that
   * fell on hour h, relative to the mean. The ratios are null (not measurable) unless every
   * hour of the day is in the span (`whole`).
   */
  hourly: { basis: 'local' | 'utc'; sessions: number[]; index: number[]; whole: boolean; peak_hour: number; trough_to_peak: number | null; day_floor_to_peak: number | null; night_share: number | null };
  /** As `hourly`, per weekday (Monday first); the ratios need every weekday in the span. */
  weekly: { basis: 'local' | 'utc'; sessions: number[]; index: number[]; whole: boolean; max_to_min: number | null; min_index: number | null; max_index: number | null };
  products: Popularity | null;
  delivery: { events_with_processing_time: number; late_after_s: number; late_share: number; out_of_order_share: number; delay_s: Summary } | null;
}

export interface ReportContext {
  readonly name: string;
  readonly format: InputFormat;
  readonly lines: number;
  readonly fields: Record<FieldRole, string | null>;
  readonly sessionsFromUsers: boolean;
  readonly timeoutMs: number;
  readonly lateAfterMs: number;
}

const DAY_MS = 86_400_000;
const PAGE_COUNTS = 30;
const DURATION_EDGES = [0, 1, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600];

export function buildReport(a: Aggregator, ctx: ReportContext): InspectReport {
  const sessions = a.all.sessions;
  const byDevice = measuresOf(a.byDevice, sessions);
  const bySource = measuresOf(a.bySource, sessions);
  const byVisitor = { new: segmentMeasures(a.byVisitor.new, sessions), returning: segmentMeasures(a.byVisitor.returning, sessions) };
  const cr = ratio(a.all.purchases, sessions);
  const viewCartPurchase = a.stepEvents.view + a.stepEvents.cart + a.stepEvents.purchase;
  const steps: [string, number][] = [
    ['sessions', sessions],
    ['product_view', a.all.views],
    ['add_to_cart', a.all.carts],
    ['begin_checkout', a.all.checkouts],
    ['purchase', a.all.purchases],
  ];
  const searchCr = ratio(a.searchers.purchases, a.searchers.sessions);
  const otherCr = ratio(a.others.purchases, a.others.sessions);
  const pages = a.pagesPerSession.summary();
  const pageCounts = a.pagesPerSession.integerCounts(PAGE_COUNTS + 1);
  return {
    input: { name: ctx.name, format: ctx.format, lines: ctx.lines, fields: ctx.fields },
    events: a.events,
    events_by_type: Object.fromEntries([...a.eventsByType].sort((x, y) => y[1] - x[1])),
    first_event_time: a.events === 0 ? null : new Date(a.first).toISOString(),
    last_event_time: a.events === 0 ? null : new Date(a.last).toISOString(),
    days: a.events === 0 ? 0 : (a.last - a.first) / DAY_MS,
    sessions: { count: sessions, from: ctx.sessionsFromUsers ? 'users and inactivity' : 'session ids', timeout_s: ctx.timeoutMs / 1000 },
    users: { count: a.users.size, exact: a.users.exact, returning_share: ratio(a.byVisitor.returning.sessions, a.byVisitor.new.sessions + a.byVisitor.returning.sessions) },
    events_per_session: a.eventsPerSession.summary(),
    pages_per_session: { ...pages, single_page_share: ratio(pageCounts.counts[1] ?? 0, sessions), counts: pageCounts.counts, more: pageCounts.rest },
    session_duration_s: { ...a.durationS.summary(), edges: DURATION_EDGES, counts: a.durationS.binCounts(DURATION_EDGES) },
    event_gap_s: a.gapS.summary(),
    bounce_rate: ratio(a.all.bounces, sessions),
    conversion_rate: cr,
    funnel: steps.slice(1).map(([step, n], i) => ({ step, sessions: n, share_of_sessions: ratio(n, sessions), from_previous: measurableRatio(n, steps[i][1]) })),
    cart: {
      add_to_cart_rate: ratio(a.all.carts, sessions),
      abandonment_rate: a.all.carts === 0 ? null : 1 - a.cartsPurchased / a.all.carts,
      checkout_rate: measurableRatio(a.all.checkouts, a.all.carts),
      checkout_completion: measurableRatio(a.checkoutsPurchased, a.all.checkouts),
      removes_per_add: measurableRatio(a.stepEvents.remove, a.stepEvents.cart),
      purchases_per_add: measurableRatio(a.stepEvents.purchase, a.stepEvents.cart),
      purchased_per_added_unit: measurableRatio(a.purchasedUnits, a.addedUnits),
    },
    event_mix: {
      view: measurableRatio(a.stepEvents.view, viewCartPurchase),
      cart: measurableRatio(a.stepEvents.cart, viewCartPurchase),
      purchase: measurableRatio(a.stepEvents.purchase, viewCartPurchase),
    },
    by_device: byDevice,
    by_visitor: byVisitor,
    by_source: bySource,
    search: {
      session_share: ratio(a.searchers.sessions, sessions),
      conversion_searchers: searchCr,
      conversion_others: otherCr,
      conversion_ratio: a.searchers.sessions === 0 || otherCr === 0 ? null : searchCr / otherCr,
    },
    ratios: {
      mobile_to_desktop_conversion: quotient(byDevice.mobile?.conversion_rate, byDevice.desktop?.conversion_rate),
      returning_to_new_conversion: a.byVisitor.new.sessions === 0 ? null : quotient(byVisitor.returning.conversion_rate, byVisitor.new.conversion_rate),
      mobile_to_desktop_order_value: quotient(byDevice.mobile?.average_order_value ?? undefined, byDevice.desktop?.average_order_value ?? undefined),
      mobile_minus_desktop_bounce: byDevice.mobile && byDevice.desktop ? byDevice.mobile.bounce_rate - byDevice.desktop.bounce_rate : null,
      email_to_average_conversion: quotient(bySource.email?.conversion_rate, cr),
      social_to_average_conversion: quotient(bySource.social?.conversion_rate, cr),
    },
    orders: {
      count: a.stepEvents.purchase,
      value: a.orderValue.count === 0 ? null : { ...a.orderValue.summary(), sigma_log: a.orderValue.sigmaLog },
      units: a.orderUnits.count === 0 ? null : a.orderUnits.summary(),
    },
    hourly: hourly(a),
    weekly: weekly(a),
    products: popularity(a.productViews),
    delivery:
      a.timedEvents === 0
        ? null
        : {
            events_with_processing_time: a.timedEvents,
            late_after_s: ctx.lateAfterMs / 1000,
            late_share: ratio(a.lateEvents, a.timedEvents),
            out_of_order_share: ratio(a.outOfOrder, a.events),
            delay_s: a.delayS.summary(),
          },
  };
}

function measuresOf(map: Map<string, SegmentTotals>, sessions: number): Record<string, SegmentMeasures> {
  const sorted = [...map].sort((x, y) => y[1].sessions - x[1].sessions);
  return Object.fromEntries(sorted.map(([key, totals]) => [key, segmentMeasures(totals, sessions)]));
}

function quotient(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b === 0 ? null : a / b;
}

function hourly(a: Aggregator): InspectReport['hourly'] {
  const { sessions, perBin, index, whole } = perSpan(a, HOURS_OF_DAY, a.hourly);
  const peak = Math.max(...perBin);
  const total = perBin.reduce((x, y) => x + y, 0);
  const measured = whole && peak > 0;
  return {
    basis: basis(a),
    sessions,
    index,
    whole,
    peak_hour: perBin.indexOf(peak),
    trough_to_peak: measured ? Math.min(...perBin) / peak : null,
    day_floor_to_peak: measured ? Math.min(...perBin.slice(10)) / peak : null,
    night_share: measured ? perBin.slice(0, 6).reduce((x, y) => x + y, 0) / total : null,
  };
}

function weekly(a: Aggregator): InspectReport['weekly'] {
  const { sessions, index, whole } = perSpan(a, WEEKDAYS, a.weekly);
  const max = Math.max(...index);
  const min = Math.min(...index);
  const measured = whole && max > 0;
  return { basis: basis(a), sessions, index, whole, max_to_min: measured ? (min === 0 ? 0 : max / min) : null, min_index: measured ? min : null, max_index: measured ? max : null };
}

/**
 * Sessions per bin of a cycle, divided by how much of the input's span fell on that bin, so
 * a span that is not whole days or weeks does not favour the bins it covers twice; `whole`
 * when every bin is in the span, which comparing the bins needs.
 */
function perSpan(a: Aggregator, cycle: Cycle, counts: Float64Array): { sessions: number[]; perBin: number[]; index: number[]; whole: boolean } {
  const sessions = Array.from(counts);
  const cover = a.spanCover(cycle);
  const perBin = sessions.map((n, i) => (cover[i] > 0 ? n / cover[i] : 0));
  const covered = perBin.filter((_, i) => cover[i] > 0);
  const mean = covered.reduce((x, y) => x + y, 0) / Math.max(1, covered.length);
  const index = perBin.map((v) => (mean === 0 ? 0 : v / mean));
  return { sessions, perBin, index, whole: cover.every((bins) => bins >= WHOLE_BIN) };
}

function basis(a: Aggregator): 'local' | 'utc' {
  return a.localSessions * 2 > a.all.sessions ? 'local' : 'utc';
}
