/**
 * The one order of entries made on many workstations: by hybrid logical clock, then by id (two
 * entries never tie). The latest in this order is the one in force.
 */
export function compareByClock(a: { hlc: string; id: string }, b: { hlc: string; id: string }): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
