import { Domain, hashName, streamFor } from '../random/prng.js';
import type { FieldValue } from '../engine/event.js';
import { Session } from '../engine/session.js';
import type { SymTable } from '../engine/sym.js';
import { compileValue, type CompiledCatalog, type ValueContext } from './compile-values.js';
import type { Scenario } from './schema.js';

/**
 * Generated texts of a catalog up to this many rows are interned, so that encoders write its
 * ids and names from bytes kept on their Syms, and templates made of them
 * (`/p/{product.product_id}`) keep their texts too (template-memo.ts), instead of a string made
 * and escaped per event: shop's 2,000 products. A larger catalog's rows are mostly drawn once
 * or twice in a run (ecommerce's 50,000): a Sym for each of its cells cost more at start-up,
 * and in memory, than it saved (11 % more instructions in 100,000 ecommerce events).
 */
const MAX_INTERNED_ROWS = 1 << 13;

/**
 * Catalogs as rows of values, drawn once per run from each catalog's own stream. A
 * generated column may refer to `index` (1-based) and to the columns before it, so a
 * price can follow the row's category: `price: { match: category, cases: { ... } }`.
 */
export function compileCatalogs(scenario: Scenario, seed: number, syms: SymTable): Map<string, CompiledCatalog> {
  const out = new Map<string, CompiledCatalog>();
  for (const [name, def] of Object.entries(scenario.catalogs ?? {})) {
    if (def.rows !== undefined) {
      const columns = [...new Set(def.rows.flatMap((r) => Object.keys(r)))];
      const rows = def.rows.map((r) => columns.map((c) => toValue(r[c], syms)));
      out.set(name, { name, columns, rows });
      continue;
    }
    const columnDefs = Object.entries(def.columns ?? {});
    // Slot 0 holds the index; slot k + 1 the value of column k in the row being drawn.
    const varSlots = new Map<string, number>([['index', 0]]);
    const evaluators = columnDefs.map(([column, source], k) => {
      const ctx: ValueContext = {
        seed,
        syms,
        varSlots,
        rowVars: new Map(),
        catalogs: out,
        cart: null,
        delivery: false,
        sessionSlots: new Set(),
        // A catalog row belongs to no user: no experiment arm to read.
        experiments: [],
        allocateSlot: () => {
          throw new Error(`catalogs.${name}: no per-session values in catalogs`);
        },
        allocateCounter: () => {
          throw new Error(`catalogs.${name}: counters are not available in catalogs; use {index}`);
        },
      };
      const evaluate = compileValue(source, ctx, `catalogs.${name}.columns.${column}`).evaluate;
      varSlots.set(column, k + 1);
      return evaluate;
    });
    const session = new Session(0, 0, streamFor(seed, Domain.catalog, hashName(name)), columnDefs.length + 1, { counters: new Float64Array(0) }, 0);
    const vars = session.vars;
    const width = evaluators.length;
    const rows: FieldValue[][] = new Array<FieldValue[]>(def.size!);
    const cell = def.size! <= MAX_INTERNED_ROWS ? (value: FieldValue) => toValue(value, syms) : (value: FieldValue) => value;
    for (let i = 0; i < def.size!; i++) {
      vars[0] = i + 1;
      const row = new Array<FieldValue>(width);
      for (let k = 0; k < width; k++) row[k] = vars[k + 1] = cell(evaluators[k](session));
      rows[i] = row;
    }
    out.set(name, { name, columns: columnDefs.map(([c]) => c), rows });
  }
  return out;
}

function toValue(value: unknown, syms: SymTable): FieldValue {
  return typeof value === 'string' ? syms.get(value) : (value as FieldValue);
}
