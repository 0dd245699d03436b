import { hourOf, weekdayOf, ZoneOffsets } from '../time/time-zones.js';
import type { EventNames } from './fields.js';
import { Histogram } from './histogram.js';
import type { InputEvent } from './input-events.js';
import { SeenSet } from './seen-set.js';
import { SegmentTotals } from './segment-totals.js';
import { SessionTracker, Step, type OpenSession } from './sessions.js';
import { cycleCover, type Cycle } from './span-cover.js';

export interface AggregateOptions {
  /** Inactivity that ends a session, ms. */
  readonly timeoutMs: number;
  /** Whether sessions are keyed by user (the input has no session ids). */
  readonly sessionsFromUsers: boolean;
  readonly events: EventNames;
  /** A delay (processing − event time) above this makes an event late, ms. */
  readonly lateAfterMs: number;
}

export const DEFAULT_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_LATE_AFTER_MS = 10_000;

/** A step bit and whether the event shows a page, per event type. */
function classify(names: EventNames): Map<string, { steps: number; page: boolean; marker: boolean }> {
  const out = new Map<string, { steps: number; page: boolean; marker: boolean }>();
  const mark = (types: readonly string[], steps: number, page: boolean, marker = false): void => {
    for (const type of types) {
      const entry = out.get(type) ?? { steps: 0, page: false, marker: false };
      entry.steps |= steps;
      entry.page ||= page;
      entry.marker ||= marker;
      out.set(type, entry);
    }
  };
  mark(names.view, Step.view, false);
  mark(names.cart, Step.cart, false);
  mark(names.remove, Step.remove, false);
  mark(names.checkout, Step.checkout, false);
  mark(names.purchase, Step.purchase, false);
  mark(names.search, Step.search, false);
  mark(names.pages, 0, true);
  mark(names.markers, 0, false, true);
  return out;
}

/**
 * Everything inspect measures, folded event by event and session by session in bounded
 * memory: open sessions, histograms, and counts per segment, hour, weekday and product.
 */
export class Aggregator {
  readonly eventsByType = new Map<string, number>();
  readonly stepEvents = { view: 0, cart: 0, remove: 0, checkout: 0, purchase: 0 };
  /** Units added to carts and units purchased: the quantity, or 1 for an event without one. */
  addedUnits = 0;
  purchasedUnits = 0;
  events = 0;
  first = Infinity;
  last = -Infinity;

  readonly all = new SegmentTotals();
  readonly byDevice = new Map<string, SegmentTotals>();
  readonly bySource = new Map<string, SegmentTotals>();
  readonly byVisitor = { new: new SegmentTotals(), returning: new SegmentTotals() };
  readonly searchers = new SegmentTotals();
  readonly others = new SegmentTotals();
  /** Sessions with an add to cart that also purchased, and with a checkout that also purchased. */
  cartsPurchased = 0;
  checkoutsPurchased = 0;

  readonly eventsPerSession = new Histogram();
  readonly pagesPerSession = new Histogram();
  readonly durationS = new Histogram();
  readonly gapS = new Histogram();
  readonly orderValue = new Histogram();
  readonly orderUnits = new Histogram();

  readonly hourly = new Float64Array(24);
  readonly weekly = new Float64Array(7);
  /** Sessions whose start was placed in local time (the rest in UTC), in all and per zone index. */
  localSessions = 0;
  private readonly zoneSessions: number[] = [];
  readonly productViews = new Map<string, number>();
  readonly users = new SeenSet();

  /** Events with a processing time, late ones, and ones earlier than an event before them. */
  timedEvents = 0;
  lateEvents = 0;
  outOfOrder = 0;
  readonly delayS = new Histogram();
  private latest = -Infinity;

  private readonly types: Map<string, { steps: number; page: boolean; marker: boolean }>;
  private readonly tracker: SessionTracker;
  private readonly zones = new ZoneOffsets();

  constructor(private readonly options: AggregateOptions) {
    this.types = classify(options.events);
    this.tracker = new SessionTracker(
      options.timeoutMs,
      (s) => this.open(s),
      (s) => this.close(s),
    );
  }

  add(e: InputEvent): void {
    this.events++;
    this.eventsByType.set(e.type, (this.eventsByType.get(e.type) ?? 0) + 1);
    if (e.time < this.first) this.first = e.time;
    if (e.time > this.last) this.last = e.time;
    if (e.time < this.latest) this.outOfOrder++;
    else this.latest = e.time;
    if (!Number.isNaN(e.processing)) {
      this.timedEvents++;
      const delay = e.processing - e.time;
      if (delay > this.options.lateAfterMs) this.lateEvents++;
      this.delayS.add(Math.max(0, delay) / 1000);
    }

    const session = this.tracker.touch(this.options.sessionsFromUsers ? e.user! : e.session!, e.user, e.time);
    if (session.events > 0 && e.time >= session.last) this.gapS.add((e.time - session.last) / 1000);
    if (e.time > session.last) session.last = e.time;
    if (e.time < session.first) session.first = e.time;
    const kind = this.types.get(e.type);
    if (kind?.marker !== true) session.events++;
    session.device ??= e.device;
    session.source ??= e.source;
    session.timezone ??= e.timezone;

    if (kind === undefined) return;
    if (kind.page) session.pages++;
    const steps = kind.steps;
    session.steps |= steps;
    if (steps & Step.view) {
      this.stepEvents.view++;
      if (e.product !== null) this.productViews.set(e.product, (this.productViews.get(e.product) ?? 0) + 1);
    }
    if (steps & Step.cart) {
      this.stepEvents.cart++;
      this.addedUnits += unitsOf(e);
    }
    if (steps & Step.remove) this.stepEvents.remove++;
    if (steps & Step.checkout) this.stepEvents.checkout++;
    if (steps & Step.purchase) {
      this.stepEvents.purchase++;
      this.purchasedUnits += unitsOf(e);
      session.orders++;
      if (Number.isFinite(e.orderValue)) {
        session.valuedOrders++;
        session.orderValue += e.orderValue;
        this.orderValue.add(e.orderValue);
      }
      if (Number.isFinite(e.quantity)) this.orderUnits.add(e.quantity);
    }
  }

  get sessionsFromUsers(): boolean {
    return this.options.sessionsFromUsers;
  }

  /** Closes the sessions still open: call at the end of the input. */
  finish(): void {
    this.tracker.finish();
  }

  /**
   * How much of the input's span fell on each bin of `cycle`, on the clocks the sessions'
   * starts were counted on: each zone's local span weighted by its share of the sessions, and
   * the UTC span for sessions without a zone. A one-day file seen from New York and Tokyo
   * spans three local weekdays; the UTC span alone would drop the sessions on two of them.
   */
  spanCover(cycle: Cycle): number[] {
    const cover = new Array<number>(cycle.bins).fill(0);
    const total = this.all.sessions;
    const add = (first: number, last: number, sessions: number): void => {
      const bins = cycleCover(first, last, cycle);
      for (let i = 0; i < cover.length; i++) cover[i] += (bins[i] * sessions) / total;
    };
    if (total > this.localSessions) add(this.first, this.last, total - this.localSessions);
    this.zoneSessions.forEach((sessions, zone) => {
      if (sessions > 0) add(this.zones.local(zone, this.first), this.zones.local(zone, this.last), sessions);
    });
    return cover;
  }

  private open(session: OpenSession): void {
    if (session.user !== null) session.returning = this.users.addSeen(session.user);
  }

  private close(s: OpenSession): void {
    this.all.add(s);
    this.eventsPerSession.add(s.events);
    this.pagesPerSession.add(s.pages);
    this.durationS.add((s.last - s.first) / 1000);
    segment(this.byDevice, s.device).add(s);
    segment(this.bySource, s.source).add(s);
    if (s.returning !== null) (s.returning ? this.byVisitor.returning : this.byVisitor.new).add(s);
    (s.steps & Step.search ? this.searchers : this.others).add(s);
    const purchased = (s.steps & Step.purchase) !== 0;
    if (purchased && s.steps & Step.cart) this.cartsPurchased++;
    if (purchased && s.steps & Step.checkout) this.checkoutsPurchased++;

    const zone = s.timezone === null ? -1 : this.zones.indexOf(s.timezone);
    const wall = zone < 0 ? s.first : this.zones.local(zone, s.first);
    if (zone >= 0) {
      this.localSessions++;
      this.zoneSessions[zone] = (this.zoneSessions[zone] ?? 0) + 1;
    }
    this.hourly[hourOf(wall)]++;
    this.weekly[weekdayOf(wall)]++;
  }
}

function unitsOf(e: InputEvent): number {
  return Number.isFinite(e.quantity) && e.quantity > 0 ? e.quantity : 1;
}

function segment(map: Map<string, SegmentTotals>, key: string | null): SegmentTotals {
  const name = key ?? '(none)';
  let totals = map.get(name);
  if (totals === undefined) {
    totals = new SegmentTotals();
    map.set(name, totals);
  }
  return totals;
}
