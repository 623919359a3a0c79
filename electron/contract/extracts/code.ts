/**
 * The verification code of an extract, as both programs read it: the workstation prints it and
 * checks it in its register, the central system checks it on its public page. The code is the
 * first 20 hexadecimal digits of the SHA-256 of the extract's identity and content (computed by the
 * workstation: core/extracts/code.ts, `contentHash`); the paper carries it as text and as a QR code. A code
 * checks only if a register has it, so a made-up code never does.
 *
 * Pure: the contract has no Node, so the one rule that needs SHA-256 (`codeDigest`) is given the
 * hash function by the program that calls it.
 */

/** «A1B2-C3D4-E5F6-0718-293A» from a hash. */
export function codeOf(hash: string): string {
  const hex = hash.slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/**
 * The code in what a person typed or a scanner read: with or without dashes, any case, inside the
 * QR text. Null when there is none.
 */
export function parseCode(input: string): string | null {
  const m = /(?:^|[^0-9A-F])([0-9A-F]{4}(?:[-\s]?[0-9A-F]{4}){4})(?![0-9A-F])/i.exec(input.trim());
  if (!m) return null;
  const hex = m[1]!.replace(/[-\s]/g, '').toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/** What the QR code holds without a central system: plain ASCII, so any scanner reads it. */
export function qrPayload(number: number, code: string): string {
  return `EZHD-VYPISKA N${number} ${code}`;
}

/**
 * What the QR code holds: the address of the central system's check page (`GET /v1/verify/<code>`)
 * when the workstation is enrolled, so a phone opens it without the app; otherwise the plain text.
 */
export function qrText(x: { number: number; code: string; centralUrl: string | null }): string {
  return x.centralUrl ? `${x.centralUrl.replace(/\/+$/, '')}/v1/verify/${x.code}` : qrPayload(x.number, x.code);
}

/** Cyrillic letters that look like Latin ones (О reads as the digit 0: a code has no letter O). */
const LOOK_ALIKE: Record<string, string> = { А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', К: 'K', М: 'M', О: '0', Р: 'P', Т: 'T', Х: 'X' };

/** The Russian ЙЦУКЕН layout: the Latin key under each letter (a code typed with the wrong layout). */
const LAYOUT: Record<string, string> = {
  Й: 'Q', Ц: 'W', У: 'E', К: 'R', Е: 'T', Н: 'Y', Г: 'U', Ш: 'I', Щ: 'O', З: 'P',
  Ф: 'A', Ы: 'S', В: 'D', А: 'F', П: 'G', Р: 'H', О: 'J', Л: 'K', Д: 'L',
  Я: 'Z', Ч: 'X', С: 'C', М: 'V', И: 'B', Т: 'N', Ь: 'M',
};

function translit(input: string, map: Record<string, string>): string {
  let out = '';
  for (const ch of input.toUpperCase()) out += map[ch] ?? ch;
  return out.replace(/O/g, '0');
}

/** The code in a text, or in the text with every separator dropped when that is exactly 20 digits. */
function findCode(text: string): string | null {
  const found = parseCode(text);
  if (found) return found;
  const compact = text.replace(/[\s\-‐‑‒–—_.]/g, '');
  return /^[0-9A-F]{20}$/.test(compact) ? compact.match(/.{4}/g)!.join('-') : null;
}

/**
 * The codes a person may have meant (issue 14): typed in lower case, with spaces or dashes anywhere,
 * with Cyrillic letters that look like the Latin ones (С, В, Е, А…), or with the Russian keyboard
 * layout on (Ф И С В У А for A B C D E F). At most two readings, the look-alike one first; the
 * register (or the central system) decides which, if any, is real. Empty when none is a code.
 */
export function codeCandidates(input: string): string[] {
  const out: string[] = [];
  for (const map of [LOOK_ALIKE, LAYOUT]) {
    const c = findCode(translit(input.slice(0, 300), map));
    if (c && !out.includes(c)) out.push(c);
  }
  return out;
}

/** SHA-256 of a UTF-8 text, as 64 lowercase hexadecimal digits (node:crypto in both programs). */
export type Sha256Hex = (text: string) => string;

/**
 * The digest of a code as the central system keeps it (the register's facts, never the code
 * itself): SHA-256 (hex) of «ezhd-extract-code:» and the code. Both programs compute it with this
 * function, so a fact the workstation sends and a code typed on the check page meet.
 */
export function codeDigest(code: string, sha256Hex: Sha256Hex): string {
  return sha256Hex(`ezhd-extract-code:${code}`);
}
