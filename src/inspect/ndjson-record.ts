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
 * written flat), then the nested path (`{"page_info": {"page_url": ...}}`).
 */
export function fieldOf(record: Record<string, unknown>, name: string, path: readonly string[]): unknown {
  if (name in record) return record[name];
  if (path.length < 2) return undefined;
  let node: unknown = record;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
