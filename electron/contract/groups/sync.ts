import { z } from 'zod';
import { method } from '../method.js';

export const SyncErrorKind = z.enum(['network', 'auth', 'server', 'local']);

export const SyncStatus = z.object({
  /** A central system address is set and the workstation is enrolled. */
  configured: z.boolean(),
  /** The workstation has a token from the central system. */
  enrolled: z.boolean(),
  centralUrl: z.string(),
  /** The school's name on the central system. */
  schoolName: z.string().optional(),
  /** The last exchange with the central system got an answer. */
  online: z.boolean(),
  /** A sync is running now. */
  running: z.boolean(),
  /** The last sync that completed. */
  lastSyncAt: z.string().optional(),
  lastAttemptAt: z.string().optional(),
  nextAttemptAt: z.string().optional(),
  lastError: z.string().optional(),
  errorKind: SyncErrorKind.optional(),
  /** Local changes waiting to be sent. */
  pending: z.number(),
  /** Changes the central system refused; each is shown with its reason. */
  rejected: z.number(),
  /** Changes made with a login reported compromised: never sent. */
  invalid: z.number(),
  /** Progress of the running sync (a long first pull). */
  progress: z.object({ done: z.number(), total: z.number(), label: z.string().optional() }).optional(),
  /** The first full pull has completed. */
  initialPullDone: z.boolean(),
  /** The central system found this workstation's audit log shorter or changed (protocol §5.2). */
  auditProblem: z.object({ message: z.string(), at: z.string() }).optional(),
  /**
   * Where the school's data on the central system comes from: the last import it applied from each
   * source (issue 17), with counts by kind — no names.
   */
  dataSources: z
    .array(
      z.object({
        source: z.string(),
        sourceName: z.string().optional(),
        exportedAt: z.string(),
        importedAt: z.string(),
        kinds: z.record(z.string(), z.number()),
      }),
    )
    .optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** The kinds of local changes, as the sync page counts them. */
export const SyncChangeKind = z.enum(['document', 'finalMark', 'finalMarkPublished', 'school', 'other']);
export type SyncChangeKind = z.infer<typeof SyncChangeKind>;

/**
 * Local changes of one kind in one class, counted: no student, guardian, mark or document content,
 * for any role (the administrator sees no child; the others find the details in the registry and
 * the final marks). «5А — Документы реестра: 3 ожидают, 1 отклонено».
 */
export const SyncChangeGroup = z.object({
  /** Empty for changes of the whole school (not of a class). */
  classId: z.string(),
  /** «5А», or «Вся школа». */
  className: z.string(),
  kind: SyncChangeKind,
  /** What the changes are, in Russian, naming no one: «Документы реестра». */
  label: z.string(),
  pending: z.number(),
  rejected: z.number(),
  invalid: z.number(),
  /** The oldest change of the group still waiting or refused. */
  oldestAt: z.string().optional(),
  /**
   * Why the central system refused them: a reason that can carry no personal data as it came,
   * any other replaced by a generic reason; with how many changes had it.
   */
  reasons: z.array(z.object({ text: z.string(), count: z.number() })),
});
export type SyncChangeGroup = z.infer<typeof SyncChangeGroup>;

export const SyncRunResult = z.object({
  pushed: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  pulled: z.number(),
  repaired: z.number(),
});

export const sync = {
  status: method({ title: 'Состояние синхронизации', access: 'authenticated', input: z.object({}), output: SyncStatus }),
  now: method({
    title: 'Синхронизация с центральной системой',
    access: 'authenticated',
    progress: true,
    input: z.object({}),
    output: z.object({ result: SyncRunResult, status: SyncStatus }),
  }),
  enroll: method({
    title: 'Подключение к центральной системе',
    access: ['admin'],
    input: z.object({
      centralUrl: z.string().trim().min(8, 'Укажите адрес центральной системы').max(300),
      code: z.string().trim().min(4, 'Введите код подключения').max(64),
      name: z.string().trim().max(120).optional(),
    }),
    output: SyncStatus,
  }),
  changes: method({
    title: 'Изменения для центральной системы',
    access: 'authenticated',
    input: z.object({}),
    output: z.array(SyncChangeGroup),
  }),
};
