import { compromiseWindows, isInvalid } from '../audit/auditEntry.js';
import type { Core } from '../core.js';

/**
 * A login reported compromised: every operation made with it from `from` on is invalid.
 * The user must set a new password; his pending mutations from that moment are marked and
 * never pushed; the audit log derives the invalid entries from the report itself.
 * Returns the number of operations found invalid (audit entries and pending mutations).
 */
export async function invalidateOperationsOf(core: Core, userId: string, from: Date, reportedBy: string): Promise<number> {
  const fromIso = from.toISOString();
  await core.store.updateSchool((d) => {
    const u = d.users.find((x) => x.id === userId);
    if (!u) return;
    u.compromisedAt = fromIso;
    u.mustChangePassword = true;
  });
  await core.audit.append({ userId: reportedBy, action: 'auth.compromised', recordIds: [userId], details: { from: fromIso } });
  core.sessions.endAllOf(userId);

  let mutations = 0;
  const school = await core.store.school();
  for (const c of school.classes) {
    const data = await core.store.classData(c.id);
    if (!data.mutations.some((m) => m.author === userId && m.createdAt >= fromIso && !m.invalid)) continue;
    mutations += await core.store.updateClass(c.id, (d) => {
      let n = 0;
      for (const m of d.mutations) {
        if (m.author === userId && m.createdAt >= fromIso && !m.invalid) {
          m.invalid = true;
          n++;
        }
      }
      return n;
    });
  }
  const entries = await core.audit.all();
  const windows = compromiseWindows(entries);
  const audited = entries.filter((e) => e.userId === userId && isInvalid(e, windows)).length;
  return audited + mutations;
}
