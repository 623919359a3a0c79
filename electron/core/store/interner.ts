/** Numbers for strings, in order of first appearance: `list[at(s)] === s` (compact derived files). */
export function interner(): { list: string[]; at(s: string): number } {
  const index = new Map<string, number>();
  const list: string[] = [];
  return {
    list,
    at(s) {
      let i = index.get(s);
      if (i === undefined) {
        i = list.length;
        list.push(s);
        index.set(s, i);
      }
      return i;
    },
  };
}
