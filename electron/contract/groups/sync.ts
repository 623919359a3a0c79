import { z } from 'zod';
import { method } from '../method.js';

export const SyncStatus = z.object({
  /** A central system address is set and the workstation is enrolled. */
  configured: z.boolean(),
  online: z.boolean(),
  lastSyncAt: z.string().optional(),
  lastError: z.string().optional(),
  /** Local changes waiting to be sent. */
  pending: z.number(),
  /** Changes the central system refused; each is shown with its reason. */
  rejected: z.number(),
  /** Changes made with a login reported compromised: never sent. */
  invalid: z.number(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const sync = {
  status: method({ title: 'Состояние синхронизации', access: 'authenticated', input: z.object({}), output: SyncStatus }),
};
