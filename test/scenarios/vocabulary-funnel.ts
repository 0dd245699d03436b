/**
 * The funnel of a run, measured from each vocabulary's own fields, so tests can check
 * that shop and its vocabularies describe the same sessions.
 */

export interface Funnel {
  sessions: number;
  viewed: number;
  added: number;
  checkedOut: number;
  purchased: number;
  orders: number;
  revenue: number;
}

type Row = Record<string, unknown>;
/** What a row says in shop's terms: its session and the funnel step it is, if any. */
interface Reading {
  session: string | null;
  step: 'viewed' | 'added' | 'checkedOut' | 'purchased' | null;
  revenue: number;
}

export function funnelOf(rows: readonly Row[], read: (row: Row) => Reading): Funnel {
  const steps = { viewed: new Set<string>(), added: new Set<string>(), checkedOut: new Set<string>(), purchased: new Set<string>() };
  const sessions = new Set<string>();
  let orders = 0;
  let revenue = 0;
  for (const row of rows) {
    const { session, step, revenue: r } = read(row);
    if (session === null) continue;
    sessions.add(session);
    if (step !== null) steps[step].add(session);
    if (step === 'purchased') {
      orders++;
      revenue += r;
    }
  }
  return {
    sessions: sessions.size,
    viewed: steps.viewed.size,
    added: steps.added.size,
    checkedOut: steps.checkedOut.size,
    purchased: steps.purchased.size,
    orders,
    revenue: Math.round(revenue * 100) / 100,
  };
}

const SHOP_STEPS: Record<string, Reading['step']> = { product_view: 'viewed', add_to_cart: 'added', begin_checkout: 'checkedOut', purchase: 'purchased' };

export function readShop(row: Row): Reading {
  const type = row.event_type as string;
  return { session: row.session_id as string, step: SHOP_STEPS[type] ?? null, revenue: type === 'purchase' ? (row.order_value as number) : 0 };
}

const GA4_STEPS: Record<string, Reading['step']> = { view_item: 'viewed', add_to_cart: 'added', begin_checkout: 'checkedOut', purchase: 'purchased' };

/** GA4 sessions are user_pseudo_id + the ga_session_id event parameter, as every GA4 query makes them. */
export function readGa4(row: Row): Reading {
  const params = row.event_params as { key: string; value: { int_value?: number } }[];
  const sessionId = params.find((p) => p.key === 'ga_session_id')?.value.int_value;
  const name = row.event_name as string;
  const ecommerce = row.ecommerce as { purchase_revenue: number } | null;
  return { session: `${row.user_pseudo_id as string}/${sessionId}`, step: GA4_STEPS[name] ?? null, revenue: ecommerce?.purchase_revenue ?? 0 };
}

const SEGMENT_STEPS: Record<string, Reading['step']> = { 'Product Viewed': 'viewed', 'Product Added': 'added', 'Checkout Started': 'checkedOut', 'Order Completed': 'purchased' };

/** Segment keeps no session: the session is the one RudderStack's SDK stamps on each call (context.sessionId), per anonymousId. */
export function readSegment(row: Row): Reading {
  const context = row.context as { sessionId: number };
  const properties = row.properties as { revenue?: number } | undefined;
  return {
    session: `${row.anonymousId as string}/${context.sessionId}`,
    step: SEGMENT_STEPS[row.event as string] ?? null,
    revenue: row.event === 'Order Completed' ? (properties?.revenue ?? 0) : 0,
  };
}

const SNOWPLOW_STEPS: Record<string, Reading['step']> = { product_view: 'viewed', add_to_cart: 'added', transaction: 'purchased' };

interface SelfDescribing {
  schema: string;
  data: Record<string, unknown>;
}

/** Snowplow sessions are the domain session id (sid); steps are the e-commerce action types (checkout: its step 2). */
export function readSnowplow(row: Row): Reading {
  if (row.e !== 'ue') return { session: row.sid as string, step: null, revenue: 0 };
  const action = (JSON.parse(row.ue_pr as string) as { data: SelfDescribing }).data.data.type as string;
  const entities = (JSON.parse(row.co as string) as { data: SelfDescribing[] }).data;
  const entity = (name: string): Record<string, unknown> | undefined => entities.find((c) => c.schema.includes(`.ecommerce/${name}/`))?.data;
  const step = action === 'checkout_step' ? (entity('checkout_step')?.step === 2 ? 'checkedOut' : null) : (SNOWPLOW_STEPS[action] ?? null);
  return { session: row.sid as string, step, revenue: step === 'purchased' ? (entity('transaction')?.revenue as number) : 0 };
}
