import { Cart } from '../engine/cart.js';
import type { FieldValue } from '../engine/event.js';
import type { Evaluator, Session } from '../engine/session.js';
import type { CompiledValue, ValueContext } from './compile-values.js';
import type { CartSource, ValueSource } from './schema.js';

/** The variable slot that holds a session's cart; the name cannot be written in a scenario. */
export const CART_VAR = ' cart';

type CompileValue = (source: ValueSource, ctx: ValueContext, where: string) => CompiledValue;

/** Compiles a `cart:` value source: a change to the session's cart, evaluated for its side effect and its result. */
export function compileCart(source: CartSource, ctx: ValueContext, where: string, compile: CompileValue): CompiledValue {
  const cart = cartOf(ctx);
  switch (source.cart) {
    case 'add': {
      const item = rowSlot(source.item, ctx, `${where}.item`);
      const price = compile({ ref: source.price }, ctx, `${where}.price`).evaluate;
      const quantity = source.quantity === undefined ? () => 1 : compile(source.quantity, ctx, `${where}.quantity`).evaluate;
      return {
        evaluate: (s) => {
          const row = s.vars[item] as FieldValue[] | null | undefined;
          const p = price(s);
          const q = quantity(s);
          if (row == null || typeof p !== 'number' || typeof q !== 'number' || q <= 0) return 0;
          cart(s).add(row, p, q);
          return q;
        },
      };
    }
    case 'line':
      return {
        evaluate: (s) => {
          const c = cart(s);
          return c.lines === 0 ? null : (c.row(Math.floor(s.rng.next() * c.lines)));
        },
      };
    case 'remove': {
      const item = rowSlot(source.item, ctx, `${where}.item`);
      return {
        evaluate: (s) => {
          const row = s.vars[item] as FieldValue[] | null | undefined;
          return row == null ? 0 : cart(s).remove(row);
        },
      };
    }
    case 'clear':
      return {
        evaluate: (s) => {
          cart(s).clear();
          return null;
        },
      };
  }
}

/** `cart.value`, `cart.units` and `cart.lines`. */
export function compileCartRef(ref: 'cart.value' | 'cart.units' | 'cart.lines', ctx: ValueContext): Evaluator {
  const cart = cartOf(ctx);
  if (ref === 'cart.value') return (s) => cart(s).value;
  if (ref === 'cart.units') return (s) => cart(s).units;
  return (s) => cart(s).lines;
}

/** The session's cart, created on first use: every session starts with an empty one. */
function cartOf(ctx: ValueContext): (s: Session) => Cart {
  const slot = ctx.varSlots.get(CART_VAR);
  if (slot === undefined) throw new Error('carts are not available here');
  return (s) => {
    let cart = s.vars[slot] as unknown as Cart | undefined;
    if (cart === undefined) {
      cart = new Cart();
      s.vars[slot] = cart as unknown as FieldValue;
    }
    return cart;
  };
}

function rowSlot(name: string, ctx: ValueContext, where: string): number {
  const slot = ctx.varSlots.get(name);
  if (slot === undefined || !ctx.rowVars.has(name)) throw new Error(`${where}: "${name}" is not a variable holding a catalog row (set it with pick)`);
  return slot;
}
