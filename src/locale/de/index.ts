/** Der deutsche Katalog, vollständig: jede Meldung der Bibliothek in der Sprache der DSGVO. */
import type { Messages } from "../types.js";
import { processingRecord } from "./record.js";
import { erasure, reasons } from "./reasons.js";
import { accessReport } from "./report.js";
import { dates, explain, words } from "./words.js";

/** Every German message. */
export const german: Messages = { locale: "de", words, dates, reasons, explain, accessReport, processingRecord, erasure };
