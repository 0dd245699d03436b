/** Scenario paths as users write them: `states.search.next`, `fields["page_info.page_url"]`. */

export type PathKey = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Parses a `--set` path: dot-separated keys, `["quoted.key"]` for keys with dots, `[3]`
 * for list positions.
 */
export function parsePath(text: string): PathKey[] | null {
  const keys: PathKey[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      // A quoted key may itself hold "]": find the bracket after the closing quote.
      const close = text.indexOf(']', text[i + 1] === '"' ? endOfJsonString(text, i + 1) : i);
      if (close < 0) return null;
      const inner = text.slice(i + 1, close);
      if (/^\d+$/.test(inner)) keys.push(Number(inner));
      else {
        try {
          const parsed: unknown = JSON.parse(inner);
          if (typeof parsed !== 'string') return null;
          keys.push(parsed);
        } catch {
          return null;
        }
      }
      i = close + 1;
      // A dot must lead to another key: 'arrivals.' is a typo, not 'arrivals'.
      if (text[i] === '.' && ++i === text.length) return null;
      continue;
    }
    let end = i;
    while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
    const key = text.slice(i, end);
    if (key === '') return null;
    keys.push(key);
    i = end;
    if (text[i] === '.' && ++i === text.length) return null;
  }
  return keys.length > 0 ? keys : null;
}

/** The index just past the JSON string literal that opens at `start`, or the text's length if it never closes. */
function endOfJsonString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** Sets `value` at `path` in a plain JSON-like tree, creating objects on the way. Returns false when a parent is not an object. */
export function setAtPath(root: Record<string, unknown>, path: readonly PathKey[], value: unknown): boolean {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    if (node === null || typeof node !== 'object') return false;
    const container = node as Record<PathKey, unknown>;
    if (ownValue(container, key) === undefined) setOwn(container, key, {});
    node = container[key];
  }
  if (node === null || typeof node !== 'object') return false;
  setOwn(node as Record<PathKey, unknown>, path[path.length - 1], value);
  return true;
}

/** The value of an own property only: a key named like an inherited one ("__proto__", "toString") is not there. */
export function ownValue(node: Record<PathKey, unknown>, key: PathKey): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

/** Sets an own property, "__proto__" too: assigning that key would replace the object's prototype. */
export function setOwn(node: Record<PathKey, unknown>, key: PathKey, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}
