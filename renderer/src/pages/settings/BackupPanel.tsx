import { useState } from 'react';
import { BACKUP_PASSWORD_MIN } from '../../../../electron/contract/groups/backup';
import { ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorBanner, Field, Notice, ProgressBar } from '../../components/ui';
import { saveFile } from '../../host/files';
import { useProgressAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';

/** Reads a chosen file as base64 (without the data: prefix). */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = String(r.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(new Error('Файл не читается.'));
    r.readAsDataURL(file);
  });
}

/**
 * Settings → «Резервная копия»: the administrator saves the whole data folder as one file sealed
 * with a password, or restores it (on this or another workstation) with that password.
 */
export function BackupPanel() {
  const { session, refresh } = useSession();
  const isAdmin = session?.user.role === 'admin';
  const status = useQuery(() => api.backup.status({}), []);

  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const exportAction = useProgressAction(async (onProgress) => {
    setSaved(null);
    if (password !== repeat) throw new Error('Пароли не совпадают.');
    const r = await api.backup.export({ password }, { onProgress });
    await saveFile({ name: r.fileName, mime: 'application/octet-stream', base64: r.base64 });
    setSaved(`Резервная копия создана (${(r.bytes / 1024 / 1024).toFixed(1)} МБ, файлов данных: ${r.files}). Храните файл и пароль раздельно: без пароля копию не восстановить.`);
    setPassword('');
    setRepeat('');
    status.reload();
  });

  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [restorePassword, setRestorePassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [restored, setRestored] = useState<string | null>(null);
  const restoreAction = useProgressAction(async (onProgress) => {
    setRestored(null);
    if (!file) throw new Error('Выберите файл резервной копии.');
    onProgress({ done: 0, total: 1, label: 'Чтение файла' });
    const base64 = await readAsBase64(file);
    const r = await api.backup.restore({ base64, password: restorePassword }, { onProgress });
    setRestored(
      `Данные восстановлены из копии от ${ruDateTime(r.createdAt)}.` + (r.sessionKept ? '' : ' Войдите в программу снова: в восстановленных данных нет вашей учётной записи.'),
    );
    setRestorePassword('');
    setFile(null);
    setFileKey((k) => k + 1);
    setConfirming(false);
    await refresh();
  });

  const busy = exportAction.busy || restoreAction.busy;
  const progress = exportAction.progress ?? restoreAction.progress;
  const last = status.data?.lastBackupAt;

  return (
    <section className="panel" aria-labelledby="backup-title">
      <h2 id="backup-title">Резервная копия</h2>
      <p className="muted">
        {last ? `Последняя резервная копия: ${ruDateTime(last)}.` : 'Резервная копия на этом рабочем месте ещё не создавалась.'} Копия — один файл со всеми данными школы,
        зашифрованный паролем; её можно восстановить и на другом компьютере.
      </p>
      {!isAdmin && <Notice kind="info">Создавать и восстанавливать резервные копии может только администратор.</Notice>}
      {isAdmin && (
        <>
          <form
            noValidate
            className="settings"
            onSubmit={(e) => {
              e.preventDefault();
              void exportAction.run();
            }}
          >
            <fieldset disabled={busy}>
              <legend>Создать резервную копию</legend>
              <Field label="Пароль резервной копии" hint={`Не короче ${BACKUP_PASSWORD_MIN} символов`} error={exportAction.problemAt('password')}>
                <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              </Field>
              <Field label="Пароль ещё раз">
                <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
              </Field>
              <div className="row">
                <button type="submit" className="primary" disabled={busy || password.length < BACKUP_PASSWORD_MIN || password !== repeat}>
                  Создать резервную копию
                </button>
              </div>
            </fieldset>
            <ErrorBanner message={exportAction.error} />
            {saved && <Notice kind="ok">{saved}</Notice>}
          </form>

          <form
            noValidate
            className="settings"
            onSubmit={(e) => {
              e.preventDefault();
              if (!confirming) setConfirming(true);
              else void restoreAction.run();
            }}
          >
            <fieldset disabled={busy}>
              <legend>Восстановить из резервной копии</legend>
              <Field label="Файл резервной копии (.ezhdbak)" error={restoreAction.problemAt('base64')}>
                <input
                  key={fileKey}
                  type="file"
                  accept=".ezhdbak,application/octet-stream"
                  aria-label="Файл резервной копии"
                  onChange={(e) => {
                    setFile(e.target.files?.[0] ?? null);
                    setConfirming(false);
                  }}
                />
              </Field>
              <Field label="Пароль резервной копии" error={restoreAction.problemAt('password')}>
                <input
                  type="password"
                  autoComplete="off"
                  value={restorePassword}
                  onChange={(e) => {
                    setRestorePassword(e.target.value);
                    setConfirming(false);
                  }}
                />
              </Field>
              {confirming && (
                <Notice kind="warn">
                  Все текущие данные на этом рабочем месте будут заменены данными из копии. Изменения, сделанные после её создания и ещё не отправленные в центральную
                  систему, будут потеряны. Если копия переносится с другого компьютера, тем компьютером больше не пользуйтесь: оба были бы для центральной системы
                  одним рабочим местом. Продолжить?
                </Notice>
              )}
              <div className="row">
                <button type="submit" className={confirming ? 'danger' : 'primary'} disabled={busy || !file || restorePassword === ''}>
                  {confirming ? 'Да, заменить данные' : 'Восстановить'}
                </button>
                {confirming && (
                  <button type="button" onClick={() => setConfirming(false)}>
                    Отмена
                  </button>
                )}
              </div>
            </fieldset>
            <ErrorBanner message={restoreAction.error} />
            {restored && <Notice kind="ok">{restored}</Notice>}
          </form>
        </>
      )}
      {progress && <ProgressBar done={progress.done} total={progress.total} label={progress.label} />}
    </section>
  );
}
