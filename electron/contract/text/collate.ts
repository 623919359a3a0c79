/**
 * Russian sorting as people expect it in school lists: ё sorts with е, case is ignored,
 * and «Ёлкин» stands among the «Е…» names.
 */
const collator = new Intl.Collator('ru', { sensitivity: 'base', numeric: true });

export function foldRu(s: string): string {
  return s.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

export function compareRu(a: string, b: string): number {
  return collator.compare(foldRu(a), foldRu(b));
}

/** Case- and ё-insensitive «contains», for filters. */
export function includesRu(haystack: string, needle: string): boolean {
  return foldRu(haystack).toLocaleLowerCase('ru').includes(foldRu(needle).toLocaleLowerCase('ru').trim());
}
