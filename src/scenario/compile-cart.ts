import { cartAdd, cartClear, cartSize, cartTake } from '../engine/cart.js';
import type { FieldValue } from '../engine/event.js';
import type { Session } from '../engine/session.js';
import type { CompiledCatalog, CompiledValue } from './compile-values.js';
import type { CartAction, State } from './schema.js';

/** The variable whose values go into the cart, and the catalog its rows come from. */
export interface CartBinding {
  readonly slot: number;
  readonly catalog: CompiledCatalog | null;
}

/** The variable every `cart: { add | remove }` of a scenario names (rules.ts checks there is one), or null. */
export function cartVariable(states: Readonly<Record<string, State>>): string | null {
  for (const state of Object.values(states)) {
    const action = state.cart;
    if (action === undefined || action === 'clear') continue;
    return 'add' in action ? action.add : action.remove;
  }
  return null;
}

export function compileCartAction(action: CartAction, cart: CartBinding | null): (session: Session) => void {
  if (action === 'clear') return cartClear;
  const slot = cart!.slot;
  if ('add' in action) return (s) => cartAdd(s, s.vars[slot]);
  return (s) => {
    s.vars[slot] = cartTake(s);
  };
}

/** `cart.size` (items in the cart) and `cart.sum.COLUMN` (a column added up over the items); null for other refs. */
export function compileCartRef(ref: string, cart: CartBinding | null, where: string): CompiledValue | null {
  if (ref === 'cart.size') return { evaluate: cartSize };
  if (!ref.startsWith('cart.sum.')) return null;
  const column = ref.slice('cart.sum.'.length);
  const catalog = cart?.catalog;
  if (catalog === null || catalog === undefined) throw new Error(`${where}: ${ref} needs a cart of catalog rows; add items with cart: { add: VARIABLE } where the variable picks from a catalog`);
  const col = catalog.columns.indexOf(column);
  if (col < 0) throw new Error(`${where}: catalog ${catalog.name} has no column "${column}"; columns are ${catalog.columns.join(', ')}`);
  return {
    evaluate: (s) => {
      let total = 0;
      for (const item of s.cart ?? []) {
        const v = (item as readonly FieldValue[])[col];
        if (typeof v === 'number') total += v;
      }
      // Sums of prices in cents should print as cents, not as 59.980000000000004.
      return Math.round(total * 1e6) / 1e6;
    },
  };
}
