import { z } from 'zod';
import { method } from '../method.js';

export const AuditEntryView = z.object({
  seq: z.number(),
  at: z.string(),
  userId: z.string(),
  action: z.string(),
  recordIds: z.array(z.string()),
  invalid: z.boolean(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const audit = {
  recent: method({
    title: 'Журнал аудита',
    access: ['admin'],
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.array(AuditEntryView),
  }),
  verify: method({
    title: 'Проверка целостности журнала аудита',
    access: ['admin', 'director'],
    input: z.object({}),
    output: z.object({ ok: z.boolean(), entries: z.number(), brokenAt: z.number().optional(), message: z.string() }),
  }),
};
