import { v7 } from "uuid";

/** A new uuid v7 (time-ordered). Used only as the default `newId` of the thin outer helpers, never inside the fold or `decide`. */
export const uuidv7: () => string = () => v7();
