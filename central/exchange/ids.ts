/**
 * Ids of the exchange format. Every row carries the id the source system gave it; the central
 * server keeps entities under an internal id derived from the source and that id, so two sources
 * never collide and a re-import of the same row finds the same entity:
 *
 *   source `ezhd` (this system's own export)   the id as it is (it is already an internal id);
 *   any other source `src` (sgo, dnevnik, …)    `src.<id>` when that is short and plain,
 *                                               otherwise `src._<hash of the id>`.
 *
 * Internal ids stay within the protocol's alphabet without `:` (class and year ids name files on
 * the workstation, and `:` is not allowed in a Windows file name) and within 24 characters, so the
 * ids derived from several of them (a curriculum item `<class>:<subject>`, a diary view
 * `<guardian>:<student>:<moment>`) stay within the 64 of the protocol.
 */
import { createHash } from 'node:crypto';

/** This system's own ids: an export of the central server, imported again. */
export const OWN_SOURCE = 'ezhd';

/** A source's code: 2–8 Latin lower-case letters and digits, starting with a letter. */
export const SOURCE_RE = /^[a-z][a-z0-9]{1,7}$/;

const PLAIN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const WIRE = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_INTERNAL = 24;

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';
function hash16(s: string): string {
  const b = createHash('sha256').update(s, 'utf8').digest();
  let out = '';
  for (let i = 0; i < 16; i++) out += base32[b[i]! & 31];
  return out;
}

/**
 * The internal id of a source's id. For the own source: the id itself, when it fits the protocol
 * (null otherwise: the caller reports it).
 */
export function internalId(source: string, raw: string): string | null {
  if (source === OWN_SOURCE) return WIRE.test(raw) ? raw : null;
  const plain = `${source}.${raw}`;
  if (PLAIN.test(raw) && plain.length <= MAX_INTERNAL) return plain;
  return `${source}._${hash16(raw)}`;
}

/** The source's id of an internal id, for an export: this system exports its own ids as they are. */
export const exportId = (id: string) => id;

/** Whether an internal id came from a source (removals of a complete export touch only these). */
export function fromSource(source: string, id: string): boolean {
  if (source === OWN_SOURCE) return true;
  return id.startsWith(`${source}.`);
}
