import { isObject, type Json, type Problems } from './reader.js';

/** A named output template: a Jinja2 `body` per record and an optional `header` line written once, as is. */
export interface ImplyTemplate {
  readonly body: string;
  readonly header?: string;
}

export function readTemplates(config: Json, problems: Problems): Map<string, ImplyTemplate> {
  const out = new Map<string, ImplyTemplate>();
  const raw = config.templates;
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    problems.error(['templates'], 'must be an object of named templates {NAME: {body, header?}}');
    return out;
  }
  for (const [name, t] of Object.entries(raw)) {
    const path = ['templates', name];
    if (!isObject(t) || typeof t.body !== 'string') {
      problems.error(path, 'a template must be an object with "body", a Jinja2 template string');
      continue;
    }
    if (t.header !== undefined && typeof t.header !== 'string') {
      problems.error([...path, 'header'], 'must be a string, written once before the records');
      continue;
    }
    out.set(name, t.header === undefined ? { body: t.body } : { body: t.body, header: t.header });
  }
  return out;
}
