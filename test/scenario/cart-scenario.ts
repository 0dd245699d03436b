/** A small scenario with a cart, for the tests of the cart's rules, refs and engine behaviour. */
export const CART_SCENARIO = `name: cart-test
catalogs:
  items:
    rows:
      - { id: A, price: 1.5 }
      - { id: B, price: 2.25 }
      - { id: C, price: 10 }
session:
  vars: { item: null }
states:
  look:
    set: { item: { pick: items } }
    next:
      put: 0.4
      take: { p: 0.15, when: cart_not_empty }
      pay: { p: 0.15, when: cart_not_empty }
      look: 0.25
  put:
    cart: { add: item }
    next: { look: 1 }
  take:
    cart: { remove: item }
    next: { look: 1 }
  pay:
    fields:
      total: { ref: cart.sum.price }
      items: { ref: cart.size }
    next: { done: 1 }
  done:
    cart: clear
    fields:
      items: { ref: cart.size }
fields:
  t: { time: epoch-ms }
  session: { ref: session.number }
  type: { ref: event.type }
  id: { ref: item.id }
  price: { ref: item.price }
`;
