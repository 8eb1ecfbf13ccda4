export { erasedAt, correctionAt, fieldState, singleFactState, currentValue, valueSetBy } from "./field.js";
export type { FieldState } from "./field.js";
