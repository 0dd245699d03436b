/**
 * Five hand-made sessions whose measures are worked out by hand in five-sessions.test.ts:
 * a purchase on mobile, a bounce, a returning visitor who searches, adds and removes, a
 * visitor without a time zone, and a returning visitor who buys two products.
 */
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

type Event = Record<string, string | number>;

function at(time: string, session: string, user: string, type: string, device: string, source: string, timezone: string | null, extra: Event = {}): Event {
  const event: Event = { timestamp: `2024-03-04T${time}.000Z`, event_type: type, session_id: session, user_id: user, device, traffic_source: source };
  if (timezone !== null) event.timezone = timezone;
  return { ...event, ...extra };
}

export const FIVE_SESSIONS: readonly Event[] = [
  at('10:00:00', 's1', 'u1', 'page_view', 'mobile', 'organic_search', NY),
  at('10:00:30', 's1', 'u1', 'product_view', 'mobile', 'organic_search', NY, { product_id: 'p1' }),
  at('10:01:30', 's1', 'u1', 'add_to_cart', 'mobile', 'organic_search', NY, { product_id: 'p1', quantity: 2 }),
  at('10:02:00', 's1', 'u1', 'begin_checkout', 'mobile', 'organic_search', NY),
  at('10:03:00', 's1', 'u1', 'purchase', 'mobile', 'organic_search', NY, { order_value: 50, quantity: 2 }),
  at('10:05:00', 's2', 'u2', 'product_view', 'desktop', 'email', BERLIN, { product_id: 'p1' }),
  at('12:00:00', 's3', 'u1', 'search', 'mobile', 'direct', NY, { query: 'red, "wool" socks' }),
  at('12:00:20', 's3', 'u1', 'product_view', 'mobile', 'direct', NY, { product_id: 'p2' }),
  at('12:01:00', 's3', 'u1', 'add_to_cart', 'mobile', 'direct', NY, { product_id: 'p2', quantity: 1 }),
  at('12:01:40', 's3', 'u1', 'remove_from_cart', 'mobile', 'direct', NY, { product_id: 'p2', quantity: 1 }),
  at('13:00:00', 's4', 'u3', 'page_view', 'desktop', 'organic_search', null),
  at('13:00:10', 's4', 'u3', 'page_view', 'desktop', 'organic_search', null),
  at('14:00:00', 's5', 'u2', 'product_view', 'desktop', 'email', BERLIN, { product_id: 'p1' }),
  at('14:00:30', 's5', 'u2', 'product_view', 'desktop', 'email', BERLIN, { product_id: 'p3' }),
  at('14:01:00', 's5', 'u2', 'add_to_cart', 'desktop', 'email', BERLIN, { product_id: 'p1', quantity: 1 }),
  at('14:01:10', 's5', 'u2', 'add_to_cart', 'desktop', 'email', BERLIN, { product_id: 'p3', quantity: 3 }),
  at('14:02:00', 's5', 'u2', 'begin_checkout', 'desktop', 'email', BERLIN),
  at('14:03:00', 's5', 'u2', 'purchase', 'desktop', 'email', BERLIN, { order_value: 150, quantity: 4 }),
];

export function asNdjson(events: readonly Event[] = FIVE_SESSIONS): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** CSV with CRLF line ends and quoted cells where needed, as spreadsheets write it. */
export function asCsv(events: readonly Event[] = FIVE_SESSIONS): string {
  const columns = [...new Set(events.flatMap((e) => Object.keys(e)))];
  const cell = (v: string | number | undefined): string => {
    const text = v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.join(','), ...events.map((e) => columns.map((c) => cell(e[c])).join(','))].map((l) => `${l}\r\n`).join('');
}
