import { z } from 'zod';
import { method } from '../method.js';

export const AboutInfo = z.object({
  productName: z.string(),
  version: z.string(),
  /** 'electron' — the desktop window; 'web' — the browser host. */
  host: z.enum(['electron', 'web', 'test']),
  /** Shown to the administrator only: a path on the workstation. */
  dataDir: z.string().optional(),
  schemaVersions: z.object({ school: z.number(), class: z.number(), journal: z.number() }),
  lastBackupAt: z.string().optional(),
  releaseNotes: z.array(z.object({ version: z.string(), date: z.string(), items: z.array(z.string()) })),
});
export type AboutInfo = z.infer<typeof AboutInfo>;

/** What the store recovered (or could not) after a damaged or missing data file: ids and counts only. */
export const StoreNotice = z.object({
  id: z.string(),
  at: z.string(),
  /** The file's name in the data folder ('classes/c5a.json'). */
  file: z.string(),
  from: z.enum(['backup', 'log', 'file', 'none']),
  replayed: z.number(),
  lost: z.boolean(),
  /** The Russian text for the administrator. */
  text: z.string(),
});
export type StoreNotice = z.infer<typeof StoreNotice>;

export const about = {
  info: method({ title: 'О программе', access: 'authenticated', input: z.object({}), output: AboutInfo }),
  storeNotices: method({ title: 'Сообщения о восстановлении данных', access: ['admin'], input: z.object({}), output: z.array(StoreNotice) }),
  acknowledgeStoreNotices: method({
    title: 'Сообщения о восстановлении данных прочитаны',
    access: ['admin'],
    input: z.object({ ids: z.array(z.string().max(64)).max(1000) }),
    output: z.object({}),
  }),
};
