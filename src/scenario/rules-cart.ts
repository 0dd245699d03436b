import type { RuleProblem } from './rules.js';
import type { Scenario } from './schema.js';
import { didYouMean } from './suggest.js';
import { transitionGuard, transitionWeight } from './transitions.js';

/**
 * Rules that keep carts consistent by construction: the cart holds the values of one
 * variable, something is added before anything is taken out, and a state that takes an
 * item out can only be entered while the cart has items.
 */
export function checkCart(scenario: Scenario, initial: string, varNames: ReadonlySet<string>, errors: RuleProblem[], warnings: RuleProblem[]): void {
  let variable: { name: string; where: string } | null = null;
  let adds = false;
  let firstRemove: string | null = null;
  const takers = new Set<string>();
  for (const [name, state] of Object.entries(scenario.states)) {
    const action = state.cart;
    if (action === undefined || action === 'clear') continue;
    const kind = 'add' in action ? 'add' : 'remove';
    const value = 'add' in action ? action.add : action.remove;
    const path = ['states', name, 'cart', kind];
    if (variable === null) variable = { name: value, where: `states.${name}.cart` };
    else if (value !== variable.name) {
      errors.push({ path, message: `the cart holds values of "${variable.name}" (${variable.where}); every cart add and remove names that one variable` });
    }
    if (kind === 'add') {
      adds = true;
      const quantity = 'add' in action ? action.quantity : undefined;
      if (quantity !== undefined && !varNames.has(quantity)) {
        errors.push({ path: ['states', name, 'cart', 'quantity'], message: `"${quantity}" is not a variable; quantity names a variable holding how many to add, set before the cart action (a state's set)` });
      }
      if (!varNames.has(value) || value.startsWith('user.')) {
        const hint = didYouMean(value, [...varNames].filter((v) => !v.startsWith('user.')));
        errors.push({ path, message: `"${value}" is not a session variable${hint}; cart: { add } puts a variable's value in the cart, so set it first (session.vars or a state's set)` });
      }
    } else {
      takers.add(name);
      firstRemove ??= name;
    }
  }
  if (firstRemove !== null && !adds) {
    errors.push({ path: ['states', firstRemove, 'cart'], message: 'nothing is ever added to the cart: put items in with cart: { add: VARIABLE } in some state' });
  }
  if (takers.has(initial)) {
    errors.push({ path: ['states', initial, 'cart'], message: 'the first state of a session cannot take an item out of the cart: the cart starts empty' });
  }
  let firstGuard: (string | number)[] | null = null;
  for (const [name, state] of Object.entries(scenario.states)) {
    for (const [target, t] of Object.entries(state.next ?? {})) {
      const guard = transitionGuard(t);
      if (guard !== null) firstGuard ??= ['states', name, 'next', target, 'when'];
      if (takers.has(target) && guard !== 'cart_not_empty') {
        errors.push({
          path: ['states', name, 'next', target],
          message: `leads to ${target}, which takes an item out of the cart; write { p: ${transitionWeight(t)}, when: cart_not_empty } so it happens only while the cart has items`,
        });
      }
    }
  }
  if (firstGuard !== null && variable === null) {
    warnings.push({ path: firstGuard, message: 'no state adds to the cart, so it is always empty' });
  }
}
