/** The event fields inspect reads, by role. */
export const FIELD_ROLES = ['time', 'session', 'user', 'type', 'device', 'source', 'timezone', 'product', 'orderValue', 'quantity', 'processingTime'] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];

/**
 * Names tried for each role when none is given, in order: clickgen's own scenarios first,
 * then names common in public clickstream datasets and other generators.
 */
export const FIELD_CANDIDATES: Readonly<Record<FieldRole, readonly string[]>> = {
  time: ['timestamp', 'event_time', '__time', 'time', 'ts', 'eventTime'],
  session: ['session_id', 'sessionId', 'user_session', 'session', 'session.session_id', 'session.id'],
  user: ['user_id', 'userId', 'visitor_id', 'visitorid', 'user', 'client_id', 'user.user_id', 'user.id'],
  type: ['event_type', 'eventType', 'event', 'type', 'event_name', 'action'],
  device: ['device', 'device_type', 'deviceType', 'client_device', 'device.type', 'device.device_type'],
  source: ['traffic_source', 'source', 'channel', 'utm_source', 'traffic.source'],
  timezone: ['timezone', 'time_zone', 'tz'],
  product: ['product_id', 'productId', 'item_id', 'itemid', 'product', 'product.product_id', 'product.id'],
  orderValue: ['order_value', 'revenue', 'order_total', 'value'],
  quantity: ['quantity', 'qty'],
  processingTime: ['processing_time', 'ingest_time', 'ingestion_time', 'received_at', 'processed_at'],
};

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
}

export const DEFAULT_EVENT_NAMES: EventNames = {
  view: ['product_view', 'view_product', 'view_item', 'view', 'VIEW'],
  cart: ['add_to_cart', 'addtocart', 'cart', 'ADD_TO_CART'],
  remove: ['remove_from_cart', 'drop_from_cart', 'REMOVE_FROM_CART'],
  checkout: ['begin_checkout', 'checkout', 'CHECKOUT'],
  purchase: ['purchase', 'transaction', 'PURCHASE'],
  search: ['search', 'SEARCH'],
  pages: ['page_view', 'product_view', 'search', 'view_product', 'product_detail', 'home', 'view_cart', 'view_item', 'view', 'VIEW', 'SEARCH'],
};
