/**
 * Snapshots: an instance writes its ledger with the store position it has
 * read up to; another instance starts from those bytes instead of replaying
 * the log, catches up with what was appended after that position, and
 * answers exactly as a replay of the whole log would. A damaged snapshot is
 * an error value: replay the log instead. A sealed log's snapshot holds only
 * ciphertexts and opens with the vault.
 * Run with `npx tsx examples/snapshots.ts`.
 */
import {
  apply,
  canUse,
  createMemoryVault,
  isSnapshotError,
  profile,
  replay,
  restore,
  restoreWithVault,
  sealEvents,
  snapshot,
  snapshotPosition,
} from "lawful-crm";

const at = (d: string) => `${d}T09:00:00Z`;
// The store: events with their global positions (Emmett's are bigints).
const store = [
  { id: "c1", type: "PurposeDeclared", at: at("2024-01-01"), data: { purpose: "newsletter", description: "Monthly news", legalBases: ["consent"] } },
  { id: "c2", type: "NoticePublished", at: at("2024-01-01"), data: { notice: "privacy", version: "1", purposes: ["newsletter"] } },
  { id: "c3", type: "SourceRegistered", at: at("2024-01-01"), data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
  { id: "c4", type: "AccessPolicyGranted", at: at("2024-01-01"), data: { policy: "p1", role: "marketer", purposes: ["newsletter"], categories: ["contact"] } },
  { id: "a1", type: "ConsentGranted", at: at("2024-02-01"), subject: "anna", data: { consent: "k1", purposes: ["newsletter"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-post-17" } },
  { id: "a2", type: "FactRecorded", at: at("2024-02-01"), subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "web-form", purposes: ["newsletter"], basis: "consent" } },
  { id: "a3", type: "ConsentWithdrawn", at: at("2024-05-01"), subject: "anna", data: { consent: "k1", channel: "email" } },
].map((event, k) => ({ position: BigInt(k + 1), event }));

// Instance A has read the store up to position 6 and writes a snapshot.
const seen = store.filter((s) => s.position <= 6n);
const bytes = snapshot(replay(seen.map((s) => s.event)), { position: seen[seen.length - 1]!.position });
console.log(`snapshot: ${bytes.length} bytes for ${seen.length} events (${JSON.stringify(seen.map((s) => s.event)).length} bytes of JSON)`);

// Instance B starts from the snapshot and catches up from its position.
const restored = restore(bytes);
if (isSnapshotError(restored)) throw new Error(restored.error.message);
const from = snapshotPosition(restored)!;
let ledger = restored;
for (const s of store) if (s.position > from) ledger = apply(ledger, s.event);
console.log(`restored at position ${from}, caught up to ${ledger.size} events`);

const query = { subject: "anna", purpose: "newsletter", fields: ["email"], actor: { id: "u1", roles: ["marketer"] }, at: at("2024-03-01") };
const later = { ...query, at: at("2024-06-01") };
const full = replay(store.map((s) => s.event));
console.log("in March:", canUse(ledger, query).allowed, "— as a full replay says:", canUse(full, query).allowed);
console.log("in June: ", canUse(ledger, later).allowed, canUse(ledger, later).reasons.map((r) => r.code));

// A damaged snapshot is an error value, never a partial ledger.
const damaged = bytes.slice();
damaged[damaged.length >> 1]! ^= 0xff;
const refused = restore(damaged);
console.log("damaged:", isSnapshotError(refused) ? refused.error : "restored?!");

// A sealed log: the snapshot of the sealed ledger holds ciphertexts only.
const vault = createMemoryVault();
const sealed = await sealEvents(store.map((s) => s.event), vault);
const sealedBytes = snapshot(replay(sealed));
console.log("plaintext in the sealed snapshot:", Buffer.from(sealedBytes).includes("anna@example.org"));
const opened = await restoreWithVault(sealedBytes, vault);
if (isSnapshotError(opened)) throw new Error(opened.error.message);
console.log("opened with the vault:", profile(opened, "anna").fields[0]?.current?.value);
await vault.forget("anna");
const shredded = await restoreWithVault(sealedBytes, vault);
if (!isSnapshotError(shredded)) console.log("after forget:", profile(shredded, "anna").fields[0]?.current?.value);
