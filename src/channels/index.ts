export { departureImpact } from "./departures.js";
export type { DepartureImpact, DepartedFact } from "./departures.js";
export { assessSource } from "./sources.js";
export type { SourceAssessment } from "./sources.js";
