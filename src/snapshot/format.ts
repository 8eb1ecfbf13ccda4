/**
 * The constants of the snapshot format, version 1. docs/snapshots.md
 * describes every byte; keep the two in step (a change of layout is a new
 * version number).
 */

/** The first 8 bytes of every snapshot: 0x89 "LCSNAP" 0x0A (a high byte and a line feed catch transfers that mangle binary as text). */
export const MAGIC: readonly number[] = [0x89, 0x4c, 0x43, 0x53, 0x4e, 0x41, 0x50, 0x0a];

/** The format version this library writes and reads. */
export const FORMAT_VERSION = 1;

/** Magic (8), version (u32), total length (u64). */
export const HEADER_BYTES = 20;
/** The XXH32 checksum at the end. */
export const TRAILER_BYTES = 4;

/** Section ids, in the order they appear. */
export const SECTION = {
  META: 1,
  STRINGS: 2,
  SHAPES: 3,
  CATALOG: 4,
  REJECTS: 5,
  DUPLICATES: 6,
  DIRECTORY: 7,
  SUBJECTS: 8,
} as const;
export const SECTION_ORDER: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];
export const SECTION_NAMES: Readonly<Record<number, string>> = {
  1: "meta",
  2: "strings",
  3: "shapes",
  4: "catalog",
  5: "rejects",
  6: "duplicates",
  7: "directory",
  8: "subjects",
};

/** Tags of a value (the `data` of an event, a raw rejected item). */
export const TAG = {
  NULL: 0x00,
  FALSE: 0x01,
  TRUE: 0x02,
  UNDEFINED: 0x03,
  /** An inline string follows (see Writer.text). */
  STRING: 0x04,
  /** A string-table index follows (for indexes ≥ TABLE_INLINE). */
  TABLE_STRING: 0x05,
  /** A non-negative safe integer follows as a varint. */
  UINT: 0x06,
  /** A negative safe integer follows as the varint of its absolute value. */
  NEGINT: 0x07,
  /** Any other number (fractions, -0, beyond 2^53) as float64 LE. */
  FLOAT: 0x08,
  /** An array: its length (varint), then each element's value. */
  ARRAY: 0x09,
  /** An object: its shape index (varint), then the value of each key of the shape, in order. */
  OBJECT: 0x0a,
} as const;

/** Tags from here on are string-table indexes 0..239 in one byte. */
export const TABLE_TAG_BASE = 0x10;
export const TABLE_INLINE = 0x100 - TABLE_TAG_BASE;

/** Bits of a record's type code (`typeIndex × 8 + bits`). */
export const REC = { V: 1, BY: 2, SUBJECT: 4 } as const;

/** Bits of a reject's flags. */
export const REJ = {
  MARKS_CATALOG: 1,
  ID: 2,
  TYPE: 4,
  SUBJECT: 8,
  AT: 16,
  /** Its canonical content is a decoded record (else a raw item). */
  RECORD: 32,
  /** A conflicting reuse whose item decoded: the decoded record, kept for duplicate detection, follows. */
  VARIANT_RECORD: 64,
  /** The source line of a streamed replay's reject follows. */
  LINE: 128,
  /** With LINE: why the line could not be read follows (it replaces the reason in `rejected`). */
  LINE_REASON: 256,
} as const;

/** Bits of a raw (undecoded) item's flags. */
export const RAW = { COPYABLE: 1, HEAD: 2, UNREADABLE: 4 } as const;

/** Kinds of a reject's mark. */
export const MARK = { CATALOG: 0, CATALOG_ALWAYS: 1, SUBJECT: 2, SUBJECT_ALWAYS: 3 } as const;
