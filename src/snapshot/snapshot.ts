import { appendableStore, LawfulCrmError, ledgerOfStore, sourceNotesOf, storeOf, type Ledger } from "../ledger/index.js";
import { Malformed, Reader } from "./bytes.js";
import { xxh32 } from "./checksum.js";
import { FORMAT_VERSION, HEADER_BYTES, MAGIC, TRAILER_BYTES } from "./format.js";
import { Restored } from "./read.js";
import { readSections, readShapes, readStrings, Tables } from "./tables.js";
import { writeSnapshot } from "./write.js";

/** Why `restore` refused bytes. */
export type SnapshotErrorCode = "SNAPSHOT_INVALID" | "SNAPSHOT_VERSION";

/** The snapshot error codes as a runtime list. */
export const SNAPSHOT_ERROR_CODES: readonly SnapshotErrorCode[] = ["SNAPSHOT_INVALID", "SNAPSHOT_VERSION"];

/**
 * What `restore` returns instead of a ledger: `SNAPSHOT_INVALID` for bytes
 * that are not a snapshot, are truncated or corrupted (the checksum fails),
 * `SNAPSHOT_VERSION` for a snapshot of another format version; `message`
 * is one sentence saying which.
 */
export interface SnapshotError {
  readonly error: { readonly code: SnapshotErrorCode; readonly message: string };
}

/** Options of {@link snapshot}. */
export interface SnapshotOptions {
  /**
   * The global position, in the store the ledger was read from, of the
   * last event the ledger holds (Emmett's global positions are bigints): a
   * non-negative bigint below 2^64 or a non-negative safe integer. Read it
   * back from the restored ledger with {@link snapshotPosition}, as the same
   * kind of value (a bigint stays a bigint, a number a number).
   */
  readonly position?: bigint | number;
}

/** The format version `snapshot` writes and `restore` reads. */
export const SNAPSHOT_FORMAT_VERSION = FORMAT_VERSION;

/** The position recorded in the snapshot each restored ledger came from. */
const positions = new WeakMap<Ledger, bigint | number>();

function positionOf(options: unknown, ledger: Ledger): bigint | number | undefined {
  if (options === undefined) return positions.get(ledger);
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new LawfulCrmError("INVALID_ARGUMENT", "snapshot(): options must be an object { position? }.");
  }
  const p = (options as { position?: unknown }).position;
  if (p === undefined) return positions.get(ledger);
  if (typeof p === "bigint") {
    if (p >= 0n && p < 2n ** 64n) return p;
  } else if (typeof p === "number" && Number.isSafeInteger(p) && p >= 0) {
    return p;
  }
  throw new LawfulCrmError("INVALID_ARGUMENT", "snapshot(): options.position must be a non-negative bigint below 2^64 or a non-negative safe integer.");
}

/**
 * Serialises a ledger into bytes: a compact, versioned binary format
 * (docs/snapshots.md) that {@link restore} turns back into a ledger
 * answering every query exactly as this one, at every instant. The same
 * ledger gives the same bytes, and so do two ledgers replayed from the same
 * log. A ledger kept from before an `apply` (older than its store) is
 * snapshotted as it is, without the items appended after it. The snapshot
 * holds what the ledger holds: a ledger replayed from sealed events holds
 * only their ciphertexts (open them with {@link restoreWithVault}).
 * Throws a `LawfulCrmError` only for a value that is not a ledger
 * (`NOT_A_LEDGER`) or a bad `options.position` (`INVALID_ARGUMENT`).
 *
 * @example
 * ```ts
 * import { replay, snapshot } from "lawful-crm";
 * const ledger = replay([{ id: "e1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z",
 *   data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } }]);
 * const bytes = snapshot(ledger, { position: 41n }); // the store's global position of the last event read
 * console.log(bytes.length > 0, snapshot(ledger, { position: 41n }).every((b, k) => b === bytes[k])); //=> true true
 * ```
 */
export function snapshot(ledger: Ledger, options?: SnapshotOptions): Uint8Array {
  storeOf(ledger);
  const position = positionOf(options, ledger);
  // An older ledger: what it sees is its store's first `size` items, folded again (as `apply` forks it).
  const store = appendableStore(ledger);
  return writeSnapshot(store, position, sourceNotesOf(store));
}

const invalid = (message: string): SnapshotError => Object.freeze({ error: Object.freeze({ code: "SNAPSHOT_INVALID" as const, message }) });

/** The bytes of `input` (a copy: the restored ledger reads them later, and must not see them change). */
function bytesOf(input: unknown): Uint8Array | SnapshotError {
  try {
    // A new Uint8Array: a Node Buffer's own slice() would share the caller's memory.
    if (input instanceof Uint8Array) return new Uint8Array(input);
    if (input instanceof ArrayBuffer) return new Uint8Array(input.slice(0));
  } catch (e) {
    return invalid(`restore(): the bytes given could not be read: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const what = input === null ? "null" : Array.isArray(input) ? "an array" : typeof input === "object" ? "an object of another kind" : typeof input;
  return invalid(`restore(): expected the bytes of a snapshot as a Uint8Array (a Node Buffer is one) or an ArrayBuffer, got ${what}.`);
}

/** Reads and checks the envelope and sections, or says what is wrong (may throw Malformed: see restore). Internal. */
export function openSnapshot(bytes: Uint8Array): { restored: Restored; position: bigint | number | undefined } | SnapshotError {
  const n = bytes.length;
  const magicOk = (len: number) => MAGIC.slice(0, len).every((b, k) => bytes[k] === b);
  if (n < MAGIC.length + 4) {
    return invalid(
      magicOk(Math.min(n, MAGIC.length))
        ? n === 0
          ? "restore(): the bytes are empty, not a snapshot."
          : `restore(): the snapshot is truncated: ${n} bytes, not even its header.`
        : "restore(): the bytes are not a lawful-crm snapshot (wrong magic number).",
    );
  }
  if (!magicOk(MAGIC.length)) return invalid("restore(): the bytes are not a lawful-crm snapshot (wrong magic number).");
  const r = new Reader(bytes, MAGIC.length, n);
  const version = r.u32();
  if (version !== FORMAT_VERSION) {
    return Object.freeze({
      error: Object.freeze({
        code: "SNAPSHOT_VERSION" as const,
        message: `restore(): the snapshot is of format version ${version}; this version of lawful-crm reads version ${FORMAT_VERSION}: rebuild the ledger from its log (replay) and snapshot it again.`,
      }),
    });
  }
  if (n < HEADER_BYTES + TRAILER_BYTES) return invalid(`restore(): the snapshot is truncated: ${n} bytes, not even its header and checksum.`);
  const total = r.u32() + r.u32() * 2 ** 32;
  if (n < total) return invalid(`restore(): the snapshot is truncated: ${n} of its ${total} bytes.`);
  if (n > total) return invalid(`restore(): ${n - total} bytes follow the end of the snapshot (${total} bytes): not one snapshot.`);
  const stored = new DataView(bytes.buffer, bytes.byteOffset + n - TRAILER_BYTES, TRAILER_BYTES).getUint32(0, true);
  if (xxh32(bytes, 0, n - TRAILER_BYTES) !== stored) return invalid("restore(): the snapshot is corrupted: its checksum does not match its content.");
  const sections = readSections(bytes, HEADER_BYTES, n - TRAILER_BYTES);
  const meta = sections.get(1)!;
  const mr = new Reader(bytes, meta.start, meta.end);
  const size = mr.varint();
  const accepted = mr.varint();
  const flags = mr.varint();
  const big = (flags & 1) !== 0 ? mr.bigVarint() : undefined;
  mr.done("the meta section");
  if (flags > 3 || flags === 2 || accepted > size || !Number.isSafeInteger(size)) throw new Malformed("meta section out of range");
  // Flag 2: the position was given as a number, and comes back as one.
  if (big !== undefined && (flags & 2) !== 0 && big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Malformed("a number position beyond 2^53");
  const position = big !== undefined && (flags & 2) !== 0 ? Number(big) : big;
  const strings = readStrings(bytes, sections.get(2)!);
  const tables = new Tables(strings, readShapes(bytes, sections.get(3)!, strings));
  return { restored: new Restored(bytes, sections, tables, { size, accepted }), position };
}

/**
 * Turns the bytes of a {@link snapshot} back into a ledger that answers
 * every query as the snapshotted one did (time travel included), keeps its
 * rejects, incomplete marks, duplicates and voids, and goes on with
 * `apply` exactly as it would have. Never throws: bytes that are not a
 * snapshot, truncated or corrupted (the checksum over the whole content
 * fails) give `{ error: { code: "SNAPSHOT_INVALID", message } }`, a snapshot
 * of another format version `{ error: { code: "SNAPSHOT_VERSION", message } }`.
 * Accepts a `Uint8Array` (a Node `Buffer` is one) or an `ArrayBuffer`, and
 * copies it. Restoring is fast because each subject's records are decoded
 * the first time a query needs that subject (docs/snapshots.md).
 *
 * @example
 * ```ts
 * import { replay, restore, snapshot } from "lawful-crm";
 * const bytes = snapshot(replay([{ id: "e1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z",
 *   data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } }]));
 * const ledger = restore(bytes);
 * if ("error" in ledger) throw new Error(ledger.error.message); // then replay the log instead
 * console.log(ledger.accepted); //=> 1
 * const damaged = restore(bytes.slice(0, 20));
 * console.log("error" in damaged && damaged.error.code); //=> SNAPSHOT_INVALID
 * ```
 */
export function restore(bytes: Uint8Array | ArrayBuffer): Ledger | SnapshotError {
  try {
    const copy = bytesOf(bytes);
    if (!(copy instanceof Uint8Array)) return copy;
    const opened = openSnapshot(copy);
    if ("error" in opened) return opened;
    const ledger = ledgerOfStore(opened.restored.store, opened.restored.sources);
    if (opened.position !== undefined) positions.set(ledger, opened.position);
    return ledger;
  } catch (e) {
    // Bytes whose checksum holds but whose structure does not (written by something else): never a partial ledger.
    return invalid(`restore(): the snapshot's structure is invalid: ${e instanceof Error ? e.message : String(e)}.`);
  }
}

/**
 * The global position recorded in the snapshot a ledger was restored from
 * (`snapshot(ledger, { position })`), as it was given (a bigint, as Emmett's
 * global positions are, or a number): catch the ledger up by applying the
 * events stored after it. `undefined` for a ledger that was
 * not returned by `restore` / `restoreWithVault`, or whose snapshot
 * recorded no position; a ledger made by `apply` on a restored one has
 * none either (it holds more than the snapshot).
 *
 * @example
 * ```ts
 * import { replay, restore, snapshot, snapshotPosition } from "lawful-crm";
 * const restored = restore(snapshot(replay([]), { position: 1_234_567n }));
 * if ("error" in restored) throw new Error(restored.error.message);
 * console.log(snapshotPosition(restored)); //=> 1234567n
 * // then apply the events stored after it: catchUp(eventStore, restored) in lawful-crm/emmett
 * ```
 */
export function snapshotPosition(ledger: Ledger): bigint | number | undefined {
  return positions.get(ledger);
}

/** Records `position` for a ledger built from a snapshot by another path (restoreWithVault). Internal. */
export function setSnapshotPosition(ledger: Ledger, position: bigint | number | undefined): void {
  if (position !== undefined) positions.set(ledger, position);
}


/**
 * True when `x` is the error value of {@link restore} (or
 * `restoreWithVault`) rather than a ledger.
 *
 * @example
 * ```ts
 * import { isSnapshotError, replay, restore } from "lawful-crm";
 * const log: unknown[] = [];
 * const r = restore(new Uint8Array([1, 2, 3]));
 * const ledger = isSnapshotError(r) ? replay(log) : r; // a bad snapshot: replay the log
 * console.log(isSnapshotError(r), ledger.size); //=> true 0
 * ```
 */
export function isSnapshotError(x: unknown): x is SnapshotError {
  if (typeof x !== "object" || x === null || !("error" in x)) return false;
  const e = (x as { error: unknown }).error;
  return typeof e === "object" && e !== null && SNAPSHOT_ERROR_CODES.includes((e as { code?: unknown }).code as SnapshotErrorCode);
}
