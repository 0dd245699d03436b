import { Step, type OpenSession } from './sessions.js';

/** Totals over the sessions of one segment (a device, a traffic source, new or returning visitors). */
export class SegmentTotals {
  sessions = 0;
  bounces = 0;
  views = 0;
  carts = 0;
  checkouts = 0;
  purchases = 0;
  searches = 0;
  pages = 0;
  durationMs = 0;
  orders = 0;
  /** Orders with a value, and their sum. */
  valuedOrders = 0;
  orderValue = 0;

  add(session: OpenSession): void {
    this.sessions++;
    if (session.events === 1) this.bounces++;
    const steps = session.steps;
    if (steps & Step.view) this.views++;
    if (steps & Step.cart) this.carts++;
    if (steps & Step.checkout) this.checkouts++;
    if (steps & Step.purchase) this.purchases++;
    if (steps & Step.search) this.searches++;
    this.pages += session.pages;
    this.durationMs += session.last - session.first;
    this.orders += session.orders;
    this.valuedOrders += session.valuedOrders;
    this.orderValue += session.orderValue;
  }
}

/** Measures of a segment, as reported. */
export interface SegmentMeasures {
  sessions: number;
  share: number;
  conversion_rate: number;
  add_to_cart_rate: number;
  bounce_rate: number;
  pages_per_session: number;
  duration_s: number;
  orders: number;
  average_order_value: number | null;
}

export function segmentMeasures(t: SegmentTotals, allSessions: number): SegmentMeasures {
  return {
    sessions: t.sessions,
    share: ratio(t.sessions, allSessions),
    conversion_rate: ratio(t.purchases, t.sessions),
    add_to_cart_rate: ratio(t.carts, t.sessions),
    bounce_rate: ratio(t.bounces, t.sessions),
    pages_per_session: ratio(t.pages, t.sessions),
    duration_s: ratio(t.durationMs / 1000, t.sessions),
    orders: t.orders,
    average_order_value: t.valuedOrders === 0 ? null : t.orderValue / t.valuedOrders,
  };
}

/** a / b, or 0 when b is 0 (an empty segment converts nothing). */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** a / b, or null when b is 0: a rate over events the file does not have is not measurable, not 0. */
export function measurableRatio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}
