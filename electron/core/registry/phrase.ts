import { REFUSAL_PHRASE } from '../../contract/groups/registry.js';

/**
 * The mandated phrase of a written refusal, checked «verbatim»: every word, digit and bracket in
 * its place and in a row. Whitespace (line breaks, double spaces), letter case and ё/е are not
 * what the regulation is about and are ignored.
 */
export function normalizeText(s: string): string {
  return s
    .replace(/[ёЁ]/g, (c) => (c === 'ё' ? 'е' : 'Е'))
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ')
    .trim()
    .toLocaleLowerCase('ru');
}

function tokens(s: string): string[] {
  const n = normalizeText(s);
  return n ? n.split(' ') : [];
}

export function containsRefusalPhrase(text: string, phrase = REFUSAL_PHRASE): boolean {
  return normalizeText(text).includes(normalizeText(phrase));
}

export interface PhraseCheck {
  ok: boolean;
  /** Runs of the phrase's words that are not in the text (in the phrase's own spelling). */
  missing: string[];
  /** The same runs with a word of context on each side, to show the user. */
  context?: string[];
  /** The phrase is all there but broken by extra words after this run of it. */
  brokenAfter?: string;
}

/**
 * Says what is missing: aligns the phrase's words with the text's (longest common subsequence)
 * and reports the runs of phrase words that found no partner.
 */
export function checkRefusalPhrase(text: string, phrase = REFUSAL_PHRASE): PhraseCheck {
  if (containsRefusalPhrase(text, phrase)) return { ok: true, missing: [] };
  const p = tokens(phrase);
  const original = phrase.trim().split(/\s+/);
  const t = tokens(text);
  // LCS table over words: (p.length+1) x (t.length+1).
  const w = t.length + 1;
  const lcs = new Uint16Array((p.length + 1) * w);
  for (let i = p.length - 1; i >= 0; i--) {
    for (let j = t.length - 1; j >= 0; j--) {
      lcs[i * w + j] = p[i] === t[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const matchedAt: Array<number | null> = new Array(p.length).fill(null);
  let i = 0;
  let j = 0;
  while (i < p.length && j < t.length) {
    if (p[i] === t[j]) {
      matchedAt[i] = j;
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) i++;
    else j++;
  }
  const missing: string[] = [];
  const context: string[] = [];
  let start = -1;
  const close = (end: number) => {
    missing.push(original.slice(start, end).join(' '));
    const before = start > 0 ? `…${original[start - 1]} ` : '';
    const after = end < original.length ? ` ${original[end]}…` : '';
    context.push(`${before}${original.slice(start, end).join(' ')}${after}`);
    start = -1;
  };
  matchedAt.forEach((m, k) => {
    if (m === null && start < 0) start = k;
    else if (m !== null && start >= 0) close(k);
  });
  if (start >= 0) close(original.length);
  if (missing.length) return { ok: false, missing, context };
  // Every word is there, but not in a row: find where extra words break it.
  for (let k = 1; k < matchedAt.length; k++) {
    if (matchedAt[k]! !== matchedAt[k - 1]! + 1) {
      return { ok: false, missing: [], brokenAfter: original.slice(Math.max(0, k - 4), k).join(' ') };
    }
  }
  return { ok: false, missing: [] };
}

/** The Russian explanation of a failed phrase check. */
export function explainPhrase(check: PhraseCheck, phrase = REFUSAL_PHRASE): string {
  const words = phrase.trim().split(/\s+/).length;
  const missingWords = check.missing.reduce((n, run) => n + run.split(' ').length, 0);
  const head = 'В заявлении об отказе нет обязательной фразы регламента (п. 5) дословно.';
  if (missingWords > words * 0.6) {
    return `${head} Фразы «${phrase.slice(0, 60)}…» в тексте нет: вставьте её целиком (она есть в печатном бланке).`;
  }
  if (check.missing.length) {
    const runs = check.context ?? check.missing;
    const shown = runs.slice(0, 3).map((r) => `«${r}»`).join(', ');
    const more = check.missing.length > 3 ? ` и ещё ${check.missing.length - 3}` : '';
    return `${head} Не хватает или написано иначе: ${shown}${more} — нужно слово в слово, как в регламенте.`;
  }
  if (check.brokenAfter) return `${head} Фраза прервана лишними словами после «…${check.brokenAfter}».`;
  return head;
}
