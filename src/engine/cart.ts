import type { FieldValue } from './event.js';
import type { Session } from './session.js';

/**
 * A session's cart: the items (catalog rows) put in and not yet taken out, in the order
 * they were added. Adding the same product twice holds it twice (a quantity of two).
 */

export function cartSize(session: Session): number {
  return session.cart === null ? 0 : session.cart.length;
}

export function cartAdd(session: Session, item: FieldValue): void {
  if (item === null || item === undefined) return;
  (session.cart ??= []).push(item);
}

/** Takes out one item chosen uniformly from the session's stream; null when the cart is empty. */
export function cartTake(session: Session): FieldValue {
  const cart = session.cart;
  if (cart === null || cart.length === 0) return null;
  const i = Math.floor(session.rng.next() * cart.length);
  const item = cart[i];
  // Order within the cart carries no meaning: fill the hole with the last item.
  cart[i] = cart[cart.length - 1];
  cart.pop();
  return item;
}

export function cartClear(session: Session): void {
  if (session.cart !== null) session.cart.length = 0;
}
