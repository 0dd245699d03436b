import type { Evaluator } from '../engine/session.js';
import type { Machine } from './compile.js';

/**
 * Which output columns hold the same value on every event of a session: encoders write
 * such columns once per session (see encode/session-runs.ts), so the answer must never be
 * yes for a column that can change. A column is steady when, in every machine, each state
 * that writes it uses one and the same value source, and that source is
 * - session-constant by nature (a literal, the user or session id; `sessionConstant`), or
 * - a variable read as it is that nothing assigns after the session starts (session vars
 *   and user attributes, but no state's `set` or `set_on_entry`, nor the cart), or
 * - a column of a catalog row held in such a variable (ecommerce's `user.home.city`): rows
 *   never change.
 * Timestamps are never steady: real time shifts them on their way to the encoder.
 */
export function steadyColumns(
  machines: readonly Machine[],
  columnCount: number,
  sessionConstant: ReadonlySet<Evaluator>,
  timeColumns: ReadonlySet<number>,
  /** Slots written during a session other than by `set` (the cart's variable, source fields). */
  alsoAssigned: readonly number[],
  /** Reads of a catalog row's column, with the slot of the variable that holds the row. */
  rowColumns: ReadonlyMap<Evaluator, number>,
): boolean[] {
  const assigned = new Set<number>(alsoAssigned);
  for (const machine of machines) {
    for (const state of machine.states) {
      for (const slot of state.setSlots) assigned.add(slot);
      for (const slot of state.enter.slots) assigned.add(slot);
    }
  }
  const steady = Array.from({ length: columnCount }, (_, column) => !timeColumns.has(column));
  for (const machine of machines) {
    const source = new Array<Evaluator | undefined>(columnCount);
    for (const state of machine.states) {
      for (let i = 0; i < state.fieldColumns.length; i++) {
        const column = state.fieldColumns[i];
        const evaluate = state.fieldValues[i];
        const slot = state.fieldSlots[i];
        const rowSlot = rowColumns.get(evaluate);
        const constant = slot >= 0 ? !assigned.has(slot) : sessionConstant.has(evaluate) || (rowSlot !== undefined && !assigned.has(rowSlot));
        if (!constant || (source[column] !== undefined && source[column] !== evaluate)) steady[column] = false;
        source[column] = evaluate;
      }
    }
  }
  return steady;
}
