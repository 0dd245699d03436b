/**
 * Names a value source can refer to (`ref:` and `{...}` in templates). Built-ins describe
 * the user, the session and the event; everything else is a variable (session vars,
 * state `set` vars, user attributes as `user.NAME`), optionally followed by a column when
 * the variable holds a catalog row (`product.price`).
 */
export const BUILTIN_REFS = [
  'user.id',
  'user.index',
  'user.segment',
  'session.id',
  'session.number',
  'session.start',
  'session.elapsed',
  'session.events',
  'session.timezone',
  'session.returning',
  'session.visit',
  'event.type',
  'event.time',
  'event.index',
  'event.first',
  'event.processing_time',
  'cart.size',
  'state',
] as const;

export type BuiltinRef = (typeof BUILTIN_REFS)[number];

export function isBuiltinRef(name: string): name is BuiltinRef {
  return (BUILTIN_REFS as readonly string[]).includes(name);
}

/** Placeholders of a template: `{name}` or `{name:04}` (zero-padded width); `{{` and `}}` are literal braces. */
export interface TemplatePart {
  readonly literal: string;
  readonly ref?: string;
  readonly width?: number;
}

export function parseTemplate(template: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{' && template[i + 1] === '{') {
      literal += '{';
      i++;
    } else if (ch === '}' && template[i + 1] === '}') {
      literal += '}';
      i++;
    } else if (ch === '{') {
      const close = template.indexOf('}', i);
      if (close < 0) return `unclosed "{" at position ${i}`;
      const inner = template.slice(i + 1, close).trim();
      const match = /^([A-Za-z_][\w.-]*)(?::(0?\d+))?$/.exec(inner);
      if (match === null) return `"{${inner}}" is not a placeholder; write {name} or {name:04}`;
      parts.push(match[2] === undefined ? { literal, ref: match[1] } : { literal, ref: match[1], width: Number(match[2]) });
      literal = '';
      i = close;
    } else if (ch === '}') {
      return `unmatched "}" at position ${i}; write "}}" for a literal brace`;
    } else {
      literal += ch;
    }
  }
  if (literal !== '' || parts.length === 0) parts.push({ literal });
  return parts;
}
