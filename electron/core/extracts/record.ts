/**
 * An extract in the register (kept in its class partition, `ClassData.extracts`). The content
 * itself is not stored: it is assembled again from the journal whenever it is printed or checked,
 * and its hash tells whether it is still what was signed off. The shapes are the class partition's
 * (store/schema.ts: the store defines what it keeps).
 */
export type { ExtractAnnulment, ExtractHandover, ExtractRecord, ExtractSignOff, ExtractStep, ExtractVersion } from '../store/schema.js';
