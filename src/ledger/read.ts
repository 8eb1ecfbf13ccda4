/** Reading one ledger snapshot: what the rules get instead of the ledger itself. */
import { badAt, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { parseTimestamp } from "../_internal/time.js";
import { storeOf, type Ledger } from "./ledger.js";
import { queryInstant, type Instant } from "./order.js";
import type { Store } from "./store.js";
import type { CatalogState } from "./types.js";

/** The catalog of one snapshot: what the rules read. */
export interface View {
  readonly cat: CatalogState;
  /** The snapshot's size: items at or after this position are not in it. */
  readonly size: number;
}

/** The view of `store` as of a snapshot of `size` items. */
export function viewOf(store: Store, size: number): View {
  return { cat: store.catalog, size };
}

/** A ledger snapshot read at one query instant. */
export interface ReadContext {
  readonly store: Store;
  readonly size: number;
  readonly v: View;
  readonly i: Instant;
  readonly t: number;
  readonly at: string;
}

/** Reads `ledger` at `at`; an {@link InvalidQuery} naming `fn` and the argument `name` when `at` is not a wire-format timestamp. */
export function readAt(ledger: Ledger, at: unknown, fn: string, name = "options.at"): ReadContext | InvalidQuery {
  const t = parseTimestamp(at);
  if (t === undefined) return invalidQuery(badAt(fn, name, at));
  const store = storeOf(ledger);
  const size = ledger.size;
  return { store, size, v: viewOf(store, size), i: queryInstant(t), t, at: at as string };
}
