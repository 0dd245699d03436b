import { journeyGraph } from '../../diagram/journey-graph.js';
import { toSvg } from '../../diagram/svg.js';
import { UsageError } from '../../errors.js';
import { eventTypeField } from './event-type-field.js';
import { generateCommand } from './generate-command.js';
import type { PageRequest } from './page-request.js';
import { PASTED_NAME, pageScenario, type PageScenario } from './page-scenario.js';
import { commandStart, preview } from './preview.js';

export type PageRoute = 'check' | 'preview';

/** Compiled scenarios kept (a pasted one holds at most the body limit of text as its key). */
const KEEP_COMPILED = 8;

/**
 * What the page's API answers to a valid request: the journey, params and command line of a
 * scenario (`check`), or its preview. A scenario with problems is an answer too, with
 * `ok: false` and each problem with its line: nothing a page sends is a server error.
 */
export class PageAnswers {
  /** The last scenarios compiled, newest last: a page checks, then previews, the same one. */
  private readonly compiled = new Map<string, PageScenario>();

  async answer(route: PageRoute, body: PageRequest): Promise<Record<string, unknown>> {
    const scenario = this.scenarioFor(body);
    if (!scenario.ok) return { ok: false, problems: scenario.problems };
    const name = body.scenario ?? PASTED_NAME;
    try {
      if (route === 'preview') return { ok: true, ...(await preview(scenario.compiled, body, name, scenario.seed)) };
      const { loaded } = scenario;
      // The command line is the answer's promise: its start must be one generate takes, as a preview's must.
      commandStart(scenario.compiled, body.start);
      return {
        ok: true,
        name: loaded.scenario.name,
        description: loaded.scenario.description ?? '',
        seed: scenario.seed,
        params: loaded.scenario.params ?? {},
        warnings: loaded.warnings,
        command: generateCommand({ scenario: name, seed: scenario.seed, count: body.count, start: body.start, set: body.set }),
        type_field: eventTypeField(loaded.scenario),
        diagram: await toSvg(journeyGraph(loaded.scenario, loaded.source)),
      };
    } catch (error) {
      // A scenario that validates may still fail to run (every session silent), or the start may be bad: a problem of what was sent.
      const message = error instanceof UsageError ? error.message : `the scenario failed to run: ${(error as Error).message}`;
      return { ok: false, problems: [{ line: null, column: null, message }] };
    }
  }

  private scenarioFor(body: PageRequest): PageScenario {
    const key = JSON.stringify([body.scenario, body.yaml, body.set, body.seed]);
    let scenario = this.compiled.get(key);
    if (scenario === undefined) {
      scenario = pageScenario(body);
      if (!scenario.ok) return scenario;
      if (this.compiled.size >= KEEP_COMPILED) this.compiled.delete(this.compiled.keys().next().value!);
    } else this.compiled.delete(key);
    this.compiled.set(key, scenario);
    return scenario;
  }
}
