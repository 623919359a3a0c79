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

export const about = {
  info: method({ title: 'О программе', access: 'authenticated', input: z.object({}), output: AboutInfo }),
};
