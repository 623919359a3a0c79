import type { backup } from '../../contract/groups/backup.js';
import { BACKUP_RESTORED } from '../audit/auditEntry.js';
import type { GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { BACKUP_EXTENSION, BACKUP_KDF, auditByMonth, readBackup, writeBackup, type KdfParams } from '../store/backupFile.js';

const pad = (n: number) => String(n).padStart(2, '0');

function fileNameFor(d: Date): string {
  return `ezhd-backup-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.${BACKUP_EXTENSION}`;
}

/**
 * Backup and restore of the whole data folder (see store/backupFile.ts for the file, and
 * store/restoreFolder.ts for the swap). The key of the file comes from the password; the host's
 * lowered scrypt cost (tests) applies to it too.
 */
export function backupHandlers(core: Core): GroupHandlers<typeof backup> {
  const kdf: KdfParams = core.host.passwordCost ?? BACKUP_KDF;
  const backend = core.host.backend;

  return {
    status: async () => {
      if (!(await core.store.hasSchool())) return {};
      const at = (await core.store.school()).lastBackupAt;
      return at ? { lastBackupAt: at } : {};
    },

    export: async (input, ctx) => {
      const snapshot = await core.store.exclusive(async () => {
        const partitions = await backend.readAllPlain((p) => ctx.progress({ ...p, total: p.total + 2 }));
        const audit = auditByMonth(await core.host.auditSink.readAll());
        return { partitions, audit };
      });
      const total = snapshot.partitions.length + 2;
      ctx.progress({ done: total - 1, total, label: 'Шифрование' });
      const { bytes, manifest } = await writeBackup(snapshot, input.password, { now: ctx.now, kdf });
      ctx.progress({ done: total, total, label: 'Готово' });
      await core.store.updateSchool((d) => {
        d.lastBackupAt = manifest.createdAt;
      });
      await core.record(ctx, {
        action: 'backup.export',
        recordIds: [],
        details: { files: manifest.files.length, bytes: bytes.length },
      });
      return {
        fileName: fileNameFor(ctx.now),
        base64: bytes.toString('base64'),
        bytes: bytes.length,
        createdAt: manifest.createdAt,
        files: manifest.files.length,
      };
    },

    restore: async (input, ctx) => {
      ctx.progress({ done: 0, total: 3, label: 'Проверка пароля и файла' });
      const { manifest, snapshot } = await readBackup(Buffer.from(input.base64, 'base64'), input.password, (done, total) =>
        ctx.progress({ done, total: total * 2, label: 'Проверка файлов резервной копии' }),
      );
      const before = (await core.store.hasSchool()) ? (await core.store.school()).users.map((u) => u.id) : [];
      // The log becomes the backup's, plus one entry that records the restore and names the
      // entries it drops (auditLog.ts `restore`); all of it is put in place in the same step.
      await core.store.exclusive(() =>
        core.audit.restore(
          snapshot.audit,
          (loss) => ({
            userId: ctx.user.id,
            action: BACKUP_RESTORED,
            recordIds: [],
            details: {
              backupCreatedAt: manifest.createdAt,
              files: manifest.files.length,
              lostCount: loss.lostCount,
              ...(loss.lostFrom !== undefined && loss.lostTo !== undefined ? { lostFrom: loss.lostFrom, lostTo: loss.lostTo } : {}),
              headBeforeCount: loss.headBefore.count,
              headBeforeHash: loss.headBefore.hash,
              ...(loss.currentUnreadable ? { currentUnreadable: true } : {}),
            },
          }),
          async (audit) => {
            try {
              await backend.replaceAll({ ...snapshot, audit }, (p) => ctx.progress({ done: p.total + p.done, total: p.total * 2, label: p.label ?? 'Запись данных' }));
            } finally {
              core.store.reset();
            }
          },
        ),
      );
      // The restored data is, by definition, backed up as of the copy's time.
      await core.store.updateSchool((d) => {
        if (!d.lastBackupAt || d.lastBackupAt < manifest.createdAt) d.lastBackupAt = manifest.createdAt;
      });
      const after = (await core.store.school()).users;
      for (const id of new Set([...before, ...after.map((u) => u.id)])) core.sessions.endAllOf(id, ctx.session.id);
      const sessionKept = after.some((u) => u.id === ctx.user.id && !u.disabled);
      if (!sessionKept) core.sessions.end(ctx.session.id);
      return { createdAt: manifest.createdAt, files: manifest.files.length, sessionKept };
    },
  };
}
