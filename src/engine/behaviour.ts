import { UsageError } from '../errors.js';
import type { CompiledExperiment, FactorTable, SimulationModel, StatePicker } from './model.js';
import type { Session } from './session.js';
import { Timeline } from './timeline.js';

/** Per machine, per state: reweighed transitions, or null where the state keeps its own. */
type Pickers = readonly (readonly (StatePicker | null)[])[];

/**
 * Transitions that change with time (the timeline's behaviour windows) and with the user
 * (the experiments' arms): each piece of the timeline and each combination of arms has its
 * tables, built when the run starts, so a step only indexes them. Where factors of several
 * windows and arms meet on one transition they multiply; a product that pushes a state's
 * probabilities past 1 is refused here, naming what met.
 */
export class Behaviour {
  /** By piece × variants + variant; null where nothing changes. */
  private readonly grid: (Pickers | null)[];
  private readonly variants: number;

  constructor(model: SimulationModel, timeline: Timeline | null) {
    const experiments = model.experiments ?? [];
    this.variants = experiments.reduce((n, e) => n * e.arms.length, 1);
    const pieces = timeline === null ? [[]] : timeline.changing;
    const built = new Map<string, Pickers | null>();
    this.grid = [];
    for (const changing of pieces) {
      for (let variant = 0; variant < this.variants; variant++) {
        const sources = [
          ...changing.map((index) => ({ what: timeline!.placed[index].window.path, table: timeline!.placed[index].window.transitions! })),
          ...armsOf(experiments, variant).flatMap(({ experiment, arm }) => {
            const table = experiment.arms[arm].transitions;
            return table === null ? [] : [{ what: `experiments.${experiment.name}.arms.${experiment.arms[arm].name.text}`, table }];
          }),
        ];
        const factors = multiply(sources.map((s) => s.table));
        const key = JSON.stringify([...factors].map(([state, targets]) => [state, [...targets]]));
        if (!built.has(key)) built.set(key, factors.size === 0 ? null : pickersFor(model, factors, sources.map((s) => s.what)));
        this.grid.push(built.get(key)!);
      }
    }
  }

  /** How `session` picks its next state from state `state` at time `piece` of the timeline. */
  picker(session: Session, piece: number, fallback: StatePicker): StatePicker {
    const pickers = this.grid[piece * this.variants + session.variant];
    return pickers === null ? fallback : (pickers[session.machine][session.state] ?? fallback);
  }
}

/** The arm of each experiment in a variant: the variant is the arms' mixed-radix number, the first experiment lowest. */
export function armsOf(experiments: readonly CompiledExperiment[], variant: number): { experiment: CompiledExperiment; arm: number }[] {
  return experiments.map((experiment) => {
    const arm = variant % experiment.arms.length;
    variant = Math.floor(variant / experiment.arms.length);
    return { experiment, arm };
  });
}

function multiply(tables: readonly FactorTable[]): Map<string, Map<string, number>> {
  const product = new Map<string, Map<string, number>>();
  for (const table of tables) {
    for (const [state, targets] of table) {
      const into = product.get(state) ?? new Map<string, number>();
      for (const [target, factor] of targets) into.set(target, (into.get(target) ?? 1) * factor);
      product.set(state, into);
    }
  }
  return product;
}

function pickersFor(model: SimulationModel, factors: ReadonlyMap<string, ReadonlyMap<string, number>>, what: readonly string[]): Pickers {
  return model.machines.map((machine, m) =>
    machine.states.map((state, s) => {
      const own = factors.get(state.name.text);
      if (own === undefined) return null;
      try {
        return model.reweigh(m, s, own);
      } catch (error) {
        const segment = machine.segment === null ? '' : ` (segment ${machine.segment.text})`;
        throw new UsageError('SCENARIO_INVALID', `${model.display}: ${what.join(' with ')}: states.${state.name.text}${segment}: ${(error as Error).message}`);
      }
    }),
  );
}

/**
 * Refuses, before anything is written, a timeline that does not fit a run from `runStart`
 * (to `end`, when it has one) and windows and arms whose factors together push a
 * probability past 1. The engine checks the same when it starts.
 */
export function checkChanges(model: SimulationModel, runStart: number, end?: number): void {
  if (model.timeline === null && model.experiments === null) return;
  const timeline = model.timeline === null ? null : new Timeline(model, runStart, end);
  new Behaviour(model, timeline);
}
