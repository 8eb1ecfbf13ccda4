/**
 * Where the consent indexes of a subject are kept (src/consent/timeline.ts,
 * src/consent/failures.ts): one memo per subject, dropped at its next event
 * and emptied when the catalog changes, read only by a snapshot that sees
 * the whole subject and the whole catalog, for a subject with a few
 * consents or more (INDEXING.from). Otherwise a rule checks consent by
 * consent, as before.
 */
import { INDEXING, subjectSlot, type SubjectState, type View } from "../ledger/index.js";
import type { FailureIndex } from "./failures.js";
import type { ConsentIndex } from "./timeline.js";

/** The consent indexes of one subject under one catalog version, by purpose. */
export interface ConsentMemo {
  version: number;
  /** When each consent is effective for a use, and for collection. */
  readonly use: Map<string, ConsentIndex>;
  readonly collection: Map<string, ConsentIndex>;
  /** What each covering consent fails. */
  readonly failures: Map<string, FailureIndex>;
}

const MEMO = Symbol("the consent indexes of a subject");

/** The consent indexes of `s` readable by the snapshot `v`, or undefined when `v` must check consent by consent. */
export function consentMemo(v: View, s: SubjectState): ConsentMemo | undefined {
  if (s.consents.size < INDEXING.from || s.lastPos >= v.size || v.cat.lastPos >= v.size) return undefined;
  const memo = subjectSlot(s, MEMO, (): ConsentMemo => ({ version: v.cat.version, use: new Map(), collection: new Map(), failures: new Map() }));
  if (memo.version !== v.cat.version) {
    memo.use.clear();
    memo.collection.clear();
    memo.failures.clear();
    memo.version = v.cat.version;
  }
  return memo;
}
