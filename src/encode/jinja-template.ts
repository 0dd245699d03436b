import type { EventView, OutputSchema } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import { RunError, UsageError } from '../errors.js';
import { utf8, writeText } from './bytes.js';
import { pyDateTime } from './python-text.js';
import { compileStrftime, type TimeFormatter } from './strftime.js';
import type { Encoder } from './types.js';

/** A named template of an Imply config: a Jinja2 body per record, an optional header written once as is. */
export interface RecordTemplate {
  readonly name: string;
  readonly body: string;
  readonly header?: string;
}

/**
 * A time as a Jinja2 template sees it: a Python datetime (aware, UTC), with the
 * methods the Imply presets call. Printed bare, it reads as str(datetime).
 */
export class PyDateTime {
  private static readonly formats = new Map<string, TimeFormatter>();

  constructor(private readonly ms: number) {}

  strftime(format: string): string {
    let formatter = PyDateTime.formats.get(format);
    if (formatter === undefined) {
      formatter = compileStrftime(format);
      if (PyDateTime.formats.size < 1000) PyDateTime.formats.set(format, formatter);
    }
    return formatter(this.ms);
  }

  /** Epoch seconds, with the fraction. */
  timestamp(): number {
    return this.ms / 1000;
  }

  isoformat(): string {
    return pyDateTime(this.ms, 'T');
  }

  toString(): string {
    return pyDateTime(this.ms, ' ');
  }

  get year(): number {
    return new Date(this.ms).getUTCFullYear();
  }
  get month(): number {
    return new Date(this.ms).getUTCMonth() + 1;
  }
  get day(): number {
    return new Date(this.ms).getUTCDate();
  }
  get hour(): number {
    return new Date(this.ms).getUTCHours();
  }
  get minute(): number {
    return new Date(this.ms).getUTCMinutes();
  }
  get second(): number {
    return new Date(this.ms).getUTCSeconds();
  }
  get microsecond(): number {
    return (((this.ms % 1000) + 1000) % 1000) * 1000;
  }
}

interface Renderer {
  render(context: object): string;
}

/**
 * Records rendered by a Jinja2 template (`-t NAME`), with nunjucks, a Jinja2-compatible
 * engine: autoescape off, one trailing newline of the body dropped (Jinja2's
 * keep_trailing_newline=False), record fields as variables (times as datetimes), and
 * `env` for environment variables (`env.NAME`, `env.get('NAME', default)`).
 */
export async function createJinjaEncoder(schema: OutputSchema, template: RecordTemplate, env: Readonly<Record<string, string | undefined>>): Promise<Encoder> {
  const unset = [...template.body.matchAll(/\benv\.(\w+)/g)].map((m) => m[1]).filter((name) => name !== 'get' && env[name] === undefined);
  if (unset.length > 0) {
    throw new UsageError('IMPLY_CONFIG', `templates.${template.name}: environment variable ${[...new Set(unset)].join(', ')} is not set (the template reads env.${unset[0]})`);
  }
  const nunjucks = (await import('nunjucks')).default;
  const environment = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  let compiled: Renderer;
  try {
    compiled = new nunjucks.Template(template.body.replace(/\r?\n$/, ''), environment, `templates.${template.name}`, true);
  } catch (error) {
    throw new UsageError('IMPLY_CONFIG', `templates.${template.name}: not a valid template: ${firstLine(error)}`);
  }
  return new JinjaEncoder(schema, template, compiled, environmentObject(env));
}

class JinjaEncoder implements Encoder {
  readonly format = 'template';
  private pending: string | null = null;

  constructor(
    private readonly schema: OutputSchema,
    private readonly template: RecordTemplate,
    private readonly compiled: Renderer,
    private readonly env: object,
  ) {}

  header(): Uint8Array | null {
    return this.template.header === undefined ? null : utf8(`${this.template.header}\n`);
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    // A record that did not fit is written from the same text when the caller retries.
    const text = this.pending ?? `${this.render(event)}\n`;
    if (offset + text.length * 3 > out.length && offset + Buffer.byteLength(text) > out.length) {
      this.pending = text;
      return -1;
    }
    this.pending = null;
    return writeText(out, offset, text);
  }

  private render(event: EventView): string {
    const context: Record<string, unknown> = { env: this.env };
    for (const column of event.layout.columns) {
      const value = event.values[column];
      if (value === undefined) continue;
      const field = this.schema.fields[column];
      context[field.name] = value instanceof Sym ? value.text : field.time !== undefined && typeof value === 'number' ? new PyDateTime(value) : value;
    }
    try {
      return this.compiled.render(context);
    } catch (error) {
      throw new RunError('TEMPLATE_RENDER', `templates.${this.template.name}: ${firstLine(error)}`, false, { cause: error });
    }
  }
}

/** `env.NAME` and `env.get('NAME', default)` over the environment the caller passed in. */
function environmentObject(env: Readonly<Record<string, string | undefined>>): object {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) values[k] = v;
  values.get = (name: string, fallback: unknown = null): unknown => env[name] ?? fallback;
  return values;
}

function firstLine(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
}
