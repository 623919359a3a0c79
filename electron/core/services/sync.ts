import type { sync } from '../../contract/groups/sync.js';
import type { GroupHandlers } from '../context.js';
import type { Core } from '../core.js';

export function syncHandlers(core: Core): GroupHandlers<typeof sync> {
  return {
    status: async () => {
      const school = await core.store.school();
      let pending = 0;
      let rejected = 0;
      let invalid = 0;
      for (const c of school.classes) {
        for (const m of (await core.store.classData(c.id)).mutations) {
          if (m.invalid) invalid++;
          else if (m.rejected) rejected++;
          else pending++;
        }
      }
      return { configured: school.settings.centralUrl !== '', online: false, pending, rejected, invalid };
    },
  };
}
