import { renameSync, writeFileSync } from 'node:fs';
import { toDot } from '../diagram/dot.js';
import { journeyGraph } from '../diagram/journey-graph.js';
import { toMermaid } from '../diagram/mermaid.js';
import { toSvg } from '../diagram/svg.js';
import { UsageError } from '../errors.js';
import { DEFAULT_SCENARIO, loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { writeLine, type CliIo } from './io.js';
import { parseChoice } from './parse-flags.js';

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export interface DiagramFlags {
  readonly scenario?: string;
  readonly format?: string;
  readonly set?: readonly string[];
  readonly output?: string;
}

/** The scenario's journey as Mermaid, DOT or SVG, on stdout or into a file (written whole, then renamed). */
export async function diagram(flags: DiagramFlags, io: CliIo): Promise<number> {
  const format = flags.format === undefined ? 'mermaid' : parseChoice('--format', flags.format, DIAGRAM_FORMATS);
  const loaded = loadScenario(flags.scenario ?? DEFAULT_SCENARIO, flags.set ?? []);
  const text = await renderDiagram(loaded.scenario, format, loaded.source);
  if (flags.output === undefined || flags.output === '-') {
    io.stdout.write(text);
    return 0;
  }
  const partial = `${flags.output}.partial`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, flags.output);
  } catch (error) {
    throw new UsageError('BAD_OUTPUT', `-o ${flags.output}: cannot write the diagram (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  writeLine(io.stderr, `clickgen: wrote ${flags.output}`);
  return 0;
}

/** The journey of a validated scenario in one of the formats. */
export async function renderDiagram(scenario: Scenario, format: DiagramFormat, display?: string): Promise<string> {
  const graph = journeyGraph(scenario, display);
  if (format === 'mermaid') return toMermaid(graph);
  if (format === 'dot') return toDot(graph);
  return toSvg(graph);
}
