/** The English catalogue, complete: the library's wording when no locale is given. */
import type { Messages } from "../types.js";
import { processingRecord } from "./record.js";
import { erasure, reasons } from "./reasons.js";
import { accessReport } from "./report.js";
import { dates, explain, words } from "./words.js";

/** Every English message. */
export const english: Messages = { locale: "en", words, dates, reasons, explain, accessReport, processingRecord, erasure };
