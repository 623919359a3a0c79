import type { audit } from '../../contract/groups/audit.js';
import { compromiseWindows, isInvalid } from '../audit/auditEntry.js';
import type { GroupHandlers } from '../context.js';
import type { Core } from '../core.js';

export function auditHandlers(core: Core): GroupHandlers<typeof audit> {
  return {
    recent: async (input) => {
      const entries = await core.audit.all();
      const windows = compromiseWindows(entries);
      return entries
        .slice(-input.limit)
        .reverse()
        .map((e) => ({ seq: e.seq, at: e.at, userId: e.userId, action: e.action, recordIds: e.recordIds, invalid: isInvalid(e, windows) }));
    },
    verify: async () => {
      const r = await core.audit.verify();
      return {
        ...r,
        message: r.ok
          ? `Журнал аудита цел: ${r.entries} записей, цепочка не нарушена.`
          : `Цепочка журнала аудита нарушена на записи № ${r.brokenAt}. Записи могли быть изменены или удалены: сообщите директору и администратору.`,
      };
    },
  };
}
