/** The event fields inspect reads, by role. */
export const FIELD_ROLES = ['time', 'session', 'user', 'type', 'device', 'source', 'timezone', 'product', 'orderValue', 'quantity', 'processingTime'] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];

/**
 * Names tried for each role when none is given, in order: clickgen's own scenarios first
 * (the vocabularies' GA4, Segment and Snowplow names among them), then names common in public
 * clickstream datasets and other generators. A dotted name is a path into nested objects,
 * also through JSON text (Snowplow's `ue_pr` and `unstruct_event`) and into arrays, by
 * index, by the `key` of GA4's key-value parameters (`event_params.ga_session_id`) or by the
 * name of a Snowplow entity's schema (`co.data.product.data.id`).
 */
export const FIELD_CANDIDATES: Readonly<Record<FieldRole, readonly string[]>> = {
  // GA4 writes microseconds, Snowplow's tracker epoch ms as text, its enriched events UTC without a zone.
  time: ['timestamp', 'event_time', '__time', 'time', 'ts', 'eventTime', 'event_timestamp', 'derived_tstamp', 'dtm'],
  session: ['session_id', 'sessionId', 'user_session', 'session', 'session.session_id', 'session.id', 'sid', 'domain_sessionid', 'event_params.ga_session_id', 'context.sessionId'],
  // The visitor id an analytics stack writes on every call comes before user_id, which GA4,
  // Segment and Snowplow set only once a visitor signs in.
  user: ['user_pseudo_id', 'anonymousId', 'domain_userid', 'duid', 'user_id', 'userId', 'visitor_id', 'visitorid', 'user', 'client_id', 'user.user_id', 'user.id'],
  // Read per event, from the first of these the event has: Segment types a track call by
  // `event` and a page or identify call by `type`; Snowplow types a self-describing event by
  // its e-commerce action, a structured one by its action, and the rest by `e`.
  type: ['event_type', 'eventType', 'interaction_type', 'ue_pr.data.data.type', 'unstruct_event.data.data.type', 'se_ac', 'se_action', 'event', 'type', 'event_name', 'action', 'e'],
  device: ['device', 'device_type', 'deviceType', 'client_device', 'device.type', 'device.device_type', 'device.category', 'context.device.type', 'device_info.type'],
  source: ['traffic_source', 'source', 'channel', 'utm_source', 'traffic.source'],
  timezone: ['timezone', 'time_zone', 'tz', 'context.timezone', 'location.timezone', 'os_timezone'],
  product: ['product_id', 'productId', 'item_id', 'itemid', 'product', 'product.product_id', 'product.id', 'properties.product_id', 'event_data.product_id', 'items.0.item_id', 'co.data.product.data.id', 'contexts.data.product.data.id'],
  orderValue: ['order_value', 'revenue', 'order_total', 'value', 'booking_value', 'page_info.order_value', 'properties.revenue', 'ecommerce.purchase_revenue', 'co.data.transaction.data.revenue', 'contexts.data.transaction.data.revenue'],
  quantity: ['quantity', 'qty', 'event_data.quantity', 'ecommerce.total_item_quantity'],
  processingTime: ['processing_time', 'ingest_time', 'ingestion_time', 'received_at', 'processed_at'],
};

/**
 * Session ids that are the session's start time, unique only per visitor (GA4's
 * ga_session_id, the sessionId RudderStack adds to Segment calls): a session is the
 * visitor's id with one, as GA4 queries and warehouse models key them.
 */
export const SESSION_PER_VISITOR: ReadonlySet<string> = new Set(['event_params.ga_session_id', 'context.sessionId']);

/** Field names given on the command line; a role left out is found among its candidates. */
export type FieldNames = Partial<Record<FieldRole, string>>;

/** The event types that mark each step, by role; several names may mark one step. */
export interface EventNames {
  readonly view: readonly string[];
  readonly cart: readonly string[];
  readonly remove: readonly string[];
  readonly checkout: readonly string[];
  readonly purchase: readonly string[];
  readonly search: readonly string[];
  /** Events that show a page: they count towards pages per session. */
  readonly pages: readonly string[];
  /**
   * Events that mark a session rather than record something the visitor did (GA4's
   * `session_start` and `first_visit`, Segment's `identify`): not counted as the session's
   * events, so a visit of one page is still a bounce.
   */
  readonly markers: readonly string[];
}

/**
 * The built-in scenarios' names first: a purchase is `complete_checkout` in user-behavior,
 * `conversion` (a booking) in travel, `Order Completed` in Segment's e-commerce spec and
 * `transaction` in Snowplow's; `page` and `pv` are Segment's and Snowplow's page views.
 * Snowplow's `checkout_step` is typed with its step (SNOWPLOW_CHECKOUT_STEP): step 1 is the
 * cart page, a checkout from step 2 on.
 */
export const DEFAULT_EVENT_NAMES: EventNames = {
  view: ['product_view', 'view_product', 'view_item', 'view', 'VIEW', 'Product Viewed'],
  cart: ['add_to_cart', 'addtocart', 'cart', 'ADD_TO_CART', 'Product Added'],
  remove: ['remove_from_cart', 'drop_from_cart', 'REMOVE_FROM_CART', 'Product Removed'],
  checkout: ['begin_checkout', 'checkout', 'CHECKOUT', 'Checkout Started', 'checkout_step 2', 'checkout_step 3', 'checkout_step 4'],
  purchase: ['purchase', 'transaction', 'PURCHASE', 'complete_checkout', 'conversion', 'Order Completed'],
  search: ['search', 'SEARCH', 'view_search_results', 'Products Searched'],
  pages: ['page_view', 'product_view', 'search', 'view_product', 'product_detail', 'home', 'view_cart', 'view_item', 'view', 'VIEW', 'SEARCH', 'page', 'pv', 'Product Viewed', 'Products Searched', 'view_search_results', 'checkout_step 1'],
  markers: ['session_start', 'first_visit', 'identify'],
};

/**
 * Snowplow's e-commerce action `checkout_step` says which step in its `checkout_step` entity:
 * the event is typed `checkout_step N` (docs/standard-schemas.md: step 1 at the cart, 2 at
 * checkout), read from the tracker's `co` or the enriched event's `contexts`.
 */
export const SNOWPLOW_CHECKOUT_STEP = { type: 'checkout_step', step: ['co.data.checkout_step.data.step', 'contexts.data.checkout_step.data.step'] } as const;
