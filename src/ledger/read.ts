/** Reading one ledger snapshot: what the rules get instead of the ledger itself. */
import { badAt, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { readProps, type Shape } from "../_internal/read.js";
import { parseTimestamp } from "../_internal/time.js";
import { storeOf, type Ledger } from "./ledger.js";
import { queryInstant, type Instant } from "./order.js";
import type { Store } from "./store.js";
import type { Subject } from "./state.js";
import type { CatalogState, SubjectState } from "./types.js";

/**
 * One ledger snapshot as the rules read it: the store, the snapshot's size
 * (items at or after it are not in it) and memos of what the rules compile
 * from it, so that a query does not re-derive them. A view is shared by every
 * query on the same snapshot.
 */
export class View {
  readonly cat: CatalogState;
  private slots: Map<symbol, unknown> | undefined;

  constructor(
    readonly store: Store,
    /** The snapshot's size: items at or after this position are not in it. */
    readonly size: number,
  ) {
    this.cat = store.catalog;
  }

  /** What `make` computes from this snapshot, computed once per view. */
  slot<T>(key: symbol, make: (v: View) => T): T {
    const slots = (this.slots ??= new Map());
    const hit = slots.get(key);
    // One lookup when the value is there; `has` only for a value that is `undefined`.
    if (hit !== undefined || slots.has(key)) return hit as T;
    const value = make(this);
    slots.set(key, value);
    return value;
  }
}

/** The view of `store` as of a snapshot of `size` items (the same object for every query on that snapshot). */
export function viewOf(store: Store, size: number): View {
  const last = store.view as View | undefined;
  if (last !== undefined && last.size === size) return last;
  const v = new View(store, size);
  store.view = v;
  return v;
}

/**
 * What `make` computes from the catalog as `v` sees it, computed once per
 * version of the catalog: shared by every view that sees the whole catalog
 * (every snapshot taken since its last change), and per view for an older
 * snapshot that sees only part of it. `make` must read only the catalog.
 */
export function catalogSlot<T>(v: View, key: symbol, make: (v: View) => T): T {
  const cat = v.store.catalog;
  if (v.size <= cat.lastPos) return v.slot(key, make);
  let memo = v.store.catalogMemo;
  if (memo === undefined || memo.version !== cat.version) memo = v.store.catalogMemo = { version: cat.version, slots: new Map() };
  const hit = memo.slots.get(key);
  if (hit !== undefined || memo.slots.has(key)) return hit as T;
  const value = make(v);
  memo.slots.set(key, value);
  return value;
}

/**
 * What `make` computes from subject `s`'s lists, computed once until the
 * subject's next event. It is shared by every snapshot, so `make` must not
 * filter by the snapshot: readers skip entries at or after their view's size.
 */
export function subjectSlot<T>(s: SubjectState, key: symbol, make: (s: SubjectState) => T): T {
  return (s as Subject).slot(key, make);
}

/** A ledger snapshot read at one query instant. */
export interface ReadContext {
  readonly store: Store;
  readonly size: number;
  readonly v: View;
  readonly i: Instant;
  readonly t: number;
  readonly at: string;
  /** The caller's options (or query), read once: `at` and the members named by the caller of {@link readAt}. */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Reads `ledger` at `options.at`. The caller's `options` (named `label` in
 * messages) are read once, under guard: `at` and the members named in
 * `more`, into a plain copy (`options` of the result); a getter or Proxy
 * trap that throws cannot escape (issue 10, finding 4). An
 * {@link InvalidQuery} naming `fn` when reading them throws or `at` is not a
 * wire-format timestamp.
 */
export function readAt(ledger: Ledger, options: unknown, fn: string, more: Shape = {}, label = "options"): ReadContext | InvalidQuery {
  const o = readProps(options, { at: true, ...more }, `${fn}(): ${label}`);
  if (!o.ok) return invalidQuery(`${o.message}.`);
  const at = o.value["at"];
  const t = parseTimestamp(at);
  if (t === undefined) return invalidQuery(badAt(fn, `${label}.at`, at));
  const store = storeOf(ledger);
  const size = ledger.size;
  return { store, size, v: viewOf(store, size), i: queryInstant(t), t, at: at as string, options: o.value };
}
