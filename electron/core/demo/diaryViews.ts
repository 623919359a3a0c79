import type { DiaryView, Guardian } from '../../contract/entities/people.js';
import { moscowTimestamp, type Day } from './dates.js';
import type { Rng } from './rng.js';

/**
 * Parents' views of the electronic diary (контроль за просмотром), as the central system reports
 * them: while the student has the electronic service, each guardian looks at his own rhythm —
 * almost daily, about weekly, now and then, or never; mostly in the evening.
 */
const HOURS = [[7, 5], [8, 5], [12, 4], [13, 4], [15, 6], [16, 6], [17, 8], [18, 12], [19, 14], [20, 14], [21, 12], [22, 6]] as const;

export function generateDiaryViews(guardians: readonly Guardian[], serviceWindows: Map<string, [Day, Day][]>, rng: Rng): DiaryView[] {
  const views: { ms: string; v: DiaryView }[] = [];
  for (const g of guardians) {
    const rate = rng.weighted([[0, 15], [0.04, 20], [0.18, 35], [0.55, 30]] as const);
    if (rate === 0) continue;
    const byDay = new Map<Day, string[]>();
    for (const sid of g.studentIds) {
      for (const [from, to] of serviceWindows.get(sid) ?? []) {
        for (let d = from; d <= to; d++) {
          const list = byDay.get(d) ?? [];
          list.push(sid);
          byDay.set(d, list);
        }
      }
    }
    const days = [...byDay.keys()].sort((a, b) => a - b);
    for (const d of days) {
      if (!rng.chance(rate)) continue;
      const at = moscowTimestamp(d, rng.weighted(HOURS), rng.int(0, 59), rng.int(0, 59));
      views.push({ ms: at, v: { guardianId: g.id, studentId: rng.pick(byDay.get(d) ?? []), at } });
    }
  }
  views.sort((a, b) => (a.ms < b.ms ? -1 : a.ms > b.ms ? 1 : a.v.guardianId < b.v.guardianId ? -1 : 1));
  return views.map((x) => x.v);
}
