/**
 * The school year containing a day: 1 September – 31 May. The workstation starts an empty school
 * with it (core/setup/emptySchool.ts) and the central server names the year of a class list it
 * imports (central/exchange/classList), so both programs agree on the year's id.
 */
export function schoolYearOf(day: Date): { id: string; name: string; start: string; end: string } {
  const y = day.getUTCMonth() >= 7 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
  return { id: `y${y}`, name: `${y}/${y + 1}`, start: `${y}-09-01`, end: `${y + 1}-05-31` };
}
