import type { about } from '../../contract/groups/about.js';
import { RELEASE_NOTES } from '../../contract/releaseNotes.js';
import type { GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { SCHEMA_VERSION } from '../store/schema.js';

export function aboutHandlers(core: Core): GroupHandlers<typeof about> {
  return {
    info: async (_input, ctx) => {
      const app: { version: string; host: 'electron' | 'web' | 'test'; dataDir?: string } = core.host.appInfo ?? {
        version: RELEASE_NOTES[0]!.version,
        host: 'test',
      };
      const school = await core.store.school();
      return {
        productName: 'ЭЖД Офис',
        version: app.version,
        host: app.host,
        ...(ctx.user.role === 'admin' && app.dataDir ? { dataDir: app.dataDir } : {}),
        schemaVersions: { ...SCHEMA_VERSION },
        ...(school.lastBackupAt ? { lastBackupAt: school.lastBackupAt } : {}),
        releaseNotes: RELEASE_NOTES,
      };
    },
    storeNotices: async () => core.store.notices(),
    acknowledgeStoreNotices: async (input) => {
      await core.store.acknowledgeNotices(input.ids);
      return {};
    },
  };
}
