/** One NDJSON line as an object, or a message saying why it is not one. */
export function parseJsonLine(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  return value as Record<string, unknown>;
}

/**
 * A field of a parsed event: a key that is the whole dotted name first (`page_info.page_url`
 * written flat), then the nested path (`{"page_info": {"page_url": ...}}`), also through a
 * JSON object written as text (Snowplow's `ue_pr`: `"{\"data\": ...}"`) and into arrays.
 */
export function fieldOf(record: Record<string, unknown>, name: string, path: readonly string[]): unknown {
  if (name in record) return record[name];
  if (path.length < 2) return undefined;
  let node: unknown = record;
  for (const key of path) {
    if (typeof node === 'string' && node.charCodeAt(0) === 123) node = parseObjectText(node);
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? itemOf(node, key) : (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * An array's item by index; else the value of its `{ key, value }` item with that key (GA4's
 * event_params, whose value is one typed field: `{ "int_value": 1704067200 }`); else the item
 * whose Iglu schema has that name (Snowplow's entities in `co` and `contexts`:
 * `iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0` for `product`).
 */
function itemOf(list: readonly unknown[], key: string): unknown {
  if (/^\d+$/.test(key)) return list[Number(key)];
  const item = list.find((i) => i !== null && typeof i === 'object' && (i as { key?: unknown }).key === key) as { value?: unknown } | undefined;
  if (item === undefined) return list.find((i) => i !== null && typeof i === 'object' && typeof (i as { schema?: unknown }).schema === 'string' && (i as { schema: string }).schema.includes(`/${key}/`));
  const value = item.value;
  if (value === null || typeof value !== 'object') return value;
  return Object.values(value).find((v) => v !== null && v !== undefined);
}

function parseObjectText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
