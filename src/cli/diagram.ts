import { toDot } from '../diagram/dot.js';
import { journeyGraph } from '../diagram/journey-graph.js';
import { toMermaid } from '../diagram/mermaid.js';
import { toSvg } from '../diagram/svg.js';
import { DEFAULT_SCENARIO, loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { writeLine, type CliIo } from './io.js';
import { parseChoice } from './parse-flags.js';
import { writeWholeFile } from './whole-file.js';

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export interface DiagramFlags {
  readonly scenario?: string;
  readonly format?: string;
  readonly set?: readonly string[];
  readonly output?: string;
}

/** The scenario's journey as Mermaid, DOT or SVG, on stdout or into a file (its folders made, written whole, then renamed). */
export async function diagram(flags: DiagramFlags, io: CliIo): Promise<number> {
  const format = flags.format === undefined ? 'mermaid' : parseChoice('--format', flags.format, DIAGRAM_FORMATS);
  const loaded = loadScenario(flags.scenario ?? DEFAULT_SCENARIO, flags.set ?? []);
  const text = await renderDiagram(loaded.scenario, format, loaded.source);
  if (flags.output === undefined || flags.output === '-') {
    io.stdout.write(text);
    return 0;
  }
  await writeWholeFile(flags.output, [Buffer.from(text)], '-o');
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
