/**
 * The envelope every event shares, and the builders of the event codecs
 * (src/events/codecs.ts uses them for each event type).
 */
import * as t from "io-ts";
import { NonEmptyString, Timestamp } from "./primitives.js";

type Check<A> = (a: A) => { key: string; expected: string; actual: unknown } | undefined;

/** Adds a cross-field rule to a codec; a failure names the field `key`. */
export function checked<C extends t.Any>(codec: C, check: Check<t.TypeOf<C>>): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> {
  const out = new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    codec.name,
    (u): u is t.TypeOf<C> => codec.is(u) && check(u) === undefined,
    (u, c) => {
      const r = codec.validate(u, c);
      if (r._tag === "Left") return r;
      const bad = check(r.right);
      if (bad === undefined) return r;
      return t.failure(bad.actual, [...c, { key: bad.key, type: new t.Type(bad.expected, t.never.is, t.never.validate, t.identity), actual: bad.actual }]);
    },
    codec.encode,
  );
  // Read by the fast path (src/_internal/fastcodec.ts).
  return Object.assign(out, { inner: codec, check });
}

export function data<R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) {
  return t.exact(t.intersection([t.type(required), t.partial(optional)]), name);
}

const envelopeOptional = { by: t.string, v: t.literal(1, "1 (the wire format version)") };

/** A catalog event carries no subject: present at all, it fails to decode. */
const NoSubject = new t.Type<undefined, undefined, unknown>(
  "no subject (a catalog event is not about a person)",
  (u): u is undefined => u === undefined,
  (u, c) => (u === undefined ? t.success(undefined) : t.failure(u, c)),
  () => undefined,
);

export function catalogEvent<T extends string, D extends t.Mixed>(type: T, d: D) {
  return t.exact(
    t.intersection([
      t.type({ id: NonEmptyString, type: t.literal(type), at: Timestamp, data: d }),
      t.partial({ ...envelopeOptional, subject: NoSubject }),
    ]),
    type,
  );
}

export function subjectEvent<T extends string, D extends t.Mixed>(type: T, d: D) {
  return t.exact(
    t.intersection([
      t.type({ id: NonEmptyString, type: t.literal(type), at: Timestamp, subject: NonEmptyString, data: d }),
      t.partial(envelopeOptional),
    ]),
    type,
  );
}
