import { LineCounter, parseDocument } from 'yaml';
import { oneLineMessage, UsageError } from '../../../errors.js';
import { locate } from '../../load.js';
import { formatPath, type PathKey } from '../../paths.js';

/** A parsed JSON configuration that can say where a value sits in its text. */
export interface ConfigDocument {
  readonly value: unknown;
  /** `:line:col` of the value at `path` (or of its nearest ancestor), '' when unknown. */
  locate(path: readonly PathKey[]): string;
}

/**
 * Parses JSON strictly (as Python's json.load does, with the last of duplicate keys
 * winning). A syntax error names the line and column. Positions of values are found
 * only when a message needs one: parsing the text a second time, as YAML (a superset
 * of JSON) with a line counter, is not worth it for a config that is fine.
 */
export function parseConfigText(text: string, display: string): ConfigDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = oneLineMessage(error);
    const position = /at position (\d+)/.exec(message);
    const where = position === null ? '' : lineCol(text, Number(position[1]));
    throw new UsageError('IMPLY_CONFIG', `${display}${where}: not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
  let locator: ((path: readonly PathKey[]) => string) | null = null;
  return {
    value,
    locate(path) {
      locator ??= yamlLocator(text);
      return locator(path);
    },
  };
}

function yamlLocator(text: string): (path: readonly PathKey[]) => string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  return (path) => locate(doc, lineCounter, path);
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return `:${line}:${offset - start + 1}`;
}

/** One problem in a config: where it is and what is wrong. */
export interface ConfigProblem {
  readonly path: readonly PathKey[];
  readonly message: string;
}

/** Formats problems as `file:line:col: path: message`, one per line. */
export function describeProblems(problems: readonly ConfigProblem[], doc: ConfigDocument, display: string): string {
  return problems.map((p) => `${display}${doc.locate(p.path)}: ${formatPath(p.path)}: ${p.message}`).join('\n');
}
