/** How an accepted subject event changes its subject's state. */
import { BigSet, type BigMap } from "../_internal/bigmap.js";
import type { EventOf, SubjectEvent } from "../events/index.js";
import { append, NONE, precedes, sortByTime } from "./lists.js";
import { Consent, Fact, factsOf, type Subject } from "./state.js";
import type { Entry } from "./types.js";

/** Adds `subject` to the audience posting lists of `purposes`. */
function post(postings: BigMap<string, BigSet<string>>, purposes: readonly string[], subject: string): void {
  for (const p of purposes) {
    const set = postings.get(p);
    if (set === undefined) postings.set(p, new BigSet<string>().add(subject));
    else set.add(subject);
  }
}

/**
 * Folds an accepted subject event into its subject's state (and the audience
 * posting lists). The referential checks have passed.
 */
export function foldSubjectEvent(entry: Entry<SubjectEvent>, s: Subject, postings: BigMap<string, BigSet<string>>): void {
  const e = entry.e;
  // True when the event comes after every earlier event of the subject: then nothing of the subject is later than
  // it (no list needs its last entry read, no earlier fact or grant needs its instant compared).
  const inOrder = s.addEvent(entry);
  switch (e.type) {
    case "FactRecorded": {
      const f = new Fact(entry as Entry<EventOf<"FactRecorded">>);
      s.addFact(f);
      // A field erasure earlier in the log but later in time erases this fact too (none when the fact is in order).
      const fe = inOrder ? undefined : s.fieldErasures?.get(e.data.field);
      if (fe !== undefined) for (const x of sortByTime(fe)) if (precedes(entry, x)) f.addErasure(x, false);
      break;
    }
    case "FactCorrected": {
      // On a merged view, a fact named by one subject may belong to a subject not merged in yet: nothing to correct.
      const f = s.facts.get(e.data.fact);
      if (f !== undefined && (inOrder || precedes(f.rec, entry))) f.addCorrection(entry as Entry<EventOf<"FactCorrected">>, inOrder);
      break;
    }
    case "FactErased": {
      const x = entry as Entry<EventOf<"FactErased">>;
      if (e.data.field !== undefined) {
        s.fieldErasures ??= new Map();
        s.fieldErasures.set(e.data.field, append(s.fieldErasures.get(e.data.field) ?? NONE, x));
        for (const f of factsOf(s, e.data.field)) if (inOrder || precedes(f.rec, x)) f.addErasure(x, inOrder);
      } else {
        const f = s.facts.get(e.data.fact!);
        if (f !== undefined && (inOrder || precedes(f.rec, x))) f.addErasure(x, inOrder);
      }
      break;
    }
    case "ConsentGranted":
      s.addConsent(new Consent(entry as Entry<EventOf<"ConsentGranted">>));
      post(postings, e.data.purposes, s.id);
      break;
    case "ConsentConfirmed": {
      const c = s.consents.get(e.data.consent);
      if (c !== undefined && (inOrder || precedes(c.grant, entry))) c.addConfirmation(entry as Entry<EventOf<"ConsentConfirmed">>, inOrder);
      break;
    }
    case "ConsentWithdrawn": {
      const x = entry as Entry<EventOf<"ConsentWithdrawn">>;
      if (e.data.consent !== undefined) {
        const c = s.consents.get(e.data.consent);
        if (c !== undefined && (inOrder || precedes(c.grant, x))) c.addWithdrawal(x, inOrder);
      } else s.addPurposeWithdrawal(x, inOrder);
      break;
    }
    case "LegalBasisRecorded":
      s.addBasis(entry as Entry<EventOf<"LegalBasisRecorded">>, inOrder);
      post(postings, e.data.purposes, s.id);
      break;
    case "LegalBasisEnded":
      s.addBasisEnd(entry as Entry<EventOf<"LegalBasisEnded">>, inOrder);
      break;
    case "ObjectionRaised":
    case "ObjectionWithdrawn":
      s.addObjection(entry as Entry<EventOf<"ObjectionRaised">>, inOrder);
      break;
    case "ProcessingRestricted":
    case "RestrictionLifted":
      s.addRestriction(entry as Entry<EventOf<"ProcessingRestricted">>, inOrder);
      break;
    case "SubjectInformed":
      s.addInformed(entry as Entry<EventOf<"SubjectInformed">>, inOrder);
      break;
    case "UseRecorded":
      s.addUse(entry as Entry<EventOf<"UseRecorded">>, inOrder);
      break;
    case "SpecialConditionRecorded":
      s.addCondition(entry as Entry<EventOf<"SpecialConditionRecorded">>, inOrder);
      break;
    case "SpecialConditionEnded":
      s.addConditionEnd(entry as Entry<EventOf<"SpecialConditionEnded">>, inOrder);
      break;
  }
}
