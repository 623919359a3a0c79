import { useMemo, useState, type ReactNode } from 'react';
import { agree, type Channel, type RegistryDocument } from '../../../../electron/contract/entities/documents';
import {
  CHANNEL_LABELS,
  MAX_SCAN_BYTES,
  REFUSAL_STANDARD_TEXT,
  type PaperKind,
  type RegisterInput,
  type ScanUpload,
  type StudentCard,
} from '../../../../electron/contract/groups/registry';
import { fullName, ruDate, shortName } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { Dialog, ErrorBanner, Field } from '../../components/ui';
import { printPdf } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { DIALOG_TITLES, guardianLabel, openRefusals, yearsText } from './labels';
import { useRuleCheck, type RuleCheckState } from './useRuleCheck';
import { DateField } from '../../components/DateField';
import { maskPhone } from '../../../../electron/contract/text/phone';

interface Draft {
  signerId: string;
  signedOn: string;
  text: string;
  refusalId: string;
  series: string;
  number: string;
  issuedOn: string;
  ownConsent: boolean;
  phone: string;
  email: string;
  channels: Channel[];
  source: 'written' | 'edoc';
  note: string;
}

function inputOf(kind: PaperKind, studentId: string, d: Draft): RegisterInput {
  const base = {
    studentId,
    signedOn: d.signedOn,
    ...(d.note.trim() ? { note: d.note.trim() } : {}),
  };
  const guardian = { ...base, signerKind: 'guardian' as const, ...(d.signerId ? { signerId: d.signerId } : {}) };
  switch (kind) {
    case 'pd_consent':
    case 'pd_nonconsent':
      return { ...guardian, body: { kind } };
    case 'refusal':
      return { ...guardian, body: { kind, text: d.text } };
    case 'annulment':
      return { ...guardian, body: { kind, refusalId: d.refusalId || '-' } };
    case 'student_application':
      return {
        ...base,
        signerKind: 'student',
        body: { kind, passport: { series: d.series.trim(), number: d.number.trim(), issuedOn: d.issuedOn }, ownConsent: d.ownConsent },
      };
    case 'contacts':
      return {
        ...guardian,
        body: { kind, ...(d.phone.trim() ? { phone: d.phone.trim() } : {}), ...(d.email.trim() ? { email: d.email.trim() } : {}), channels: d.channels, source: d.source },
      };
  }
}

/** Problems whose field is on the form are shown under the field; the others in the list below. */
const FIELD_PATHS: Record<PaperKind, string[]> = {
  pd_consent: ['signerId', 'signedOn'],
  pd_nonconsent: ['signerId', 'signedOn'],
  refusal: ['signerId', 'signedOn', 'body.text'],
  annulment: ['signerId', 'signedOn', 'body.refusalId'],
  student_application: ['signedOn', 'body.passport', 'body.ownConsent'],
  contacts: ['signerId', 'signedOn', 'body.phone', 'body.email', 'body.channels'],
};

async function readScan(file: File): Promise<ScanUpload> {
  const mime = file.type === 'application/pdf' || file.type === 'image/jpeg' || file.type === 'image/png' ? file.type : null;
  if (!mime) throw new Error('Скан должен быть в формате PDF, JPEG или PNG.');
  if (file.size > MAX_SCAN_BYTES) throw new Error('Скан слишком большой: не больше 10 МБ.');
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(new Error('Файл не читается.'));
    r.readAsDataURL(file);
  });
  return { mime, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
}

export function CheckPanel({ check, fieldPaths, action }: { check: RuleCheckState; fieldPaths: string[]; action: string }) {
  const r = check.result;
  if (!r) return <p className="muted small registry-check">Проверка по правилам регламента…</p>;
  const inFields = r.problems.filter((p) => fieldPaths.some((f) => p.path === f || p.path.startsWith(`${f}.`)));
  const general = r.problems.filter((p) => !inFields.includes(p));
  return (
    <div className="registry-check" aria-live="polite" data-testid="rule-check">
      {!r.ok && (
        <div className="banner error" role="alert">
          <strong>{action} нельзя:</strong>
          <ul>
            {general.map((p) => (
              <li key={p.code + p.path}>{p.message}</li>
            ))}
            {inFields.length > 0 && <li>исправьте поля, отмеченные красным ({inFields.length}).</li>}
          </ul>
        </div>
      )}
      {r.warnings.length > 0 && (
        <div className="banner warn" role="status">
          <ul>
            {r.warnings.map((w) => (
              <li key={w.code + w.path}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      {r.ok && (
        <div className="banner ok" role="status">
          <strong>Правила соблюдены.</strong> После регистрации:
          <ul>
            {r.effect.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function RegisterDialog(props: { kind: PaperKind; card: StudentCard; onClose: () => void; onRegistered: (doc: RegistryDocument) => void }) {
  const { kind, card } = props;
  const refusals = useMemo(() => openRefusals(card.timeline), [card.timeline]);
  const [d, setD] = useState<Draft>(() => ({
    signerId: kind === 'annulment' && refusals[0] ? refusals[0].signerId : (card.guardians[0]?.id ?? ''),
    signedOn: card.today,
    text: REFUSAL_STANDARD_TEXT,
    refusalId: refusals[0]?.id ?? '',
    series: '',
    number: '',
    issuedOn: '',
    ownConsent: true,
    phone: '',
    email: '',
    channels: [],
    source: 'written',
    note: '',
  }));
  const [scanFile, setScanFile] = useState<File | null>(null);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const input = useMemo(() => inputOf(kind, card.student.id, d), [kind, card.student.id, d]);
  const check = useRuleCheck(input);
  const err = check.problemAt;

  const register = useAction(async () => {
    const scan = scanFile ? await readScan(scanFile) : undefined;
    const { document } = await api.registry.register({ ...input, ...(scan ? { scan } : {}) });
    props.onRegistered(document);
  });
  const print = useAction(async () => {
    const guardianId = kind === 'student_application' ? undefined : d.signerId || undefined;
    const file = await api.registry.form({
      studentId: card.student.id,
      kind,
      ...(guardianId ? { guardianId } : {}),
      ...(kind === 'annulment' && d.refusalId ? { refusalId: d.refusalId } : {}),
    });
    await printPdf({ name: file.name, mime: 'application/pdf', base64: file.base64 });
  });

  const guardianField = (
    <Field label="Кто подписал (законный представитель)" error={err('signerId')}>
      <select value={d.signerId} onChange={(e) => set({ signerId: e.target.value })} aria-label="Кто подписал">
        {card.guardians.length === 0 && <option value="">— у ученика нет законных представителей в списке —</option>}
        {card.guardians.map((g) => (
          <option key={g.id} value={g.id}>
            {guardianLabel(g)}
          </option>
        ))}
      </select>
    </Field>
  );
  const dateField = (
    <Field label="Дата, написанная на бумаге">
      <DateField value={d.signedOn} max={card.today} onChange={(signedOn) => set({ signedOn })} aria-label="Дата документа" required error={err('signedOn')} />
    </Field>
  );

  let fields: ReactNode;
  switch (kind) {
    case 'pd_consent':
    case 'pd_nonconsent':
      fields = (
        <div className="row">
          {guardianField}
          {dateField}
        </div>
      );
      break;
    case 'refusal':
      fields = (
        <>
          <div className="row">
            {guardianField}
            {dateField}
          </div>
          <Field
            label="Текст заявления, как он написан на бумаге"
            error={err('body.text')}
            hint="Бланк программы уже содержит обязательную фразу регламента. Если заявление написано от руки — перепечатайте его текст."
          >
            <textarea rows={7} value={d.text} onChange={(e) => set({ text: e.target.value })} aria-label="Текст заявления" />
          </Field>
          {d.text !== REFUSAL_STANDARD_TEXT && (
            <button type="button" className="link" onClick={() => set({ text: REFUSAL_STANDARD_TEXT })}>
              Вернуть текст печатного бланка
            </button>
          )}
        </>
      );
      break;
    case 'annulment':
      fields = (
        <>
          <Field label="Какой отказ аннулируется" error={err('body.refusalId')}>
            <select
              value={d.refusalId}
              aria-label="Аннулируемый отказ"
              onChange={(e) => {
                const r = refusals.find((x) => x.id === e.target.value);
                set({ refusalId: e.target.value, ...(r ? { signerId: r.signerId } : {}) });
              }}
            >
              {refusals.length === 0 && <option value="">— действующих отказов нет —</option>}
              {refusals.map((r) => {
                const g = card.guardians.find((x) => x.id === r.signerId);
                return (
                  <option key={r.id} value={r.id}>
                    Отказ от {ruDate(r.signedOn)} — {g ? shortName(g) : 'представитель'}
                  </option>
                );
              })}
            </select>
          </Field>
          <div className="row">
            {guardianField}
            {dateField}
          </div>
        </>
      );
      break;
    case 'student_application':
      fields = (
        <>
          <p className="muted small">
            Подписывает сам ученик: {fullName(card.student)}, дата рождения {ruDate(card.student.birthDate)} (сейчас {yearsText(card.status.age)}).
          </p>
          {dateField}
          <div className="row">
            <Field label="Серия паспорта" error={err('body.passport.series')}>
              <input value={d.series} inputMode="numeric" maxLength={4} placeholder="4512" onChange={(e) => set({ series: e.target.value })} aria-label="Серия паспорта" />
            </Field>
            <Field label="Номер паспорта" error={err('body.passport.number')}>
              <input value={d.number} inputMode="numeric" maxLength={6} placeholder="345678" onChange={(e) => set({ number: e.target.value })} aria-label="Номер паспорта" />
            </Field>
            <Field label="Дата выдачи паспорта">
              <DateField value={d.issuedOn} max={card.today} onChange={(issuedOn) => set({ issuedOn })} aria-label="Дата выдачи паспорта" required error={err('body.passport.issuedOn')} />
            </Field>
          </div>
          <label className={`check${err('body.ownConsent') ? ' invalid' : ''}`}>
            <input type="checkbox" checked={d.ownConsent} onChange={(e) => set({ ownConsent: e.target.checked })} /> Ученик дал письменное согласие на получение услуги в
            электронном виде
          </label>
          {err('body.ownConsent') && <span className="field-error">{err('body.ownConsent')}</span>}
        </>
      );
      break;
    case 'contacts':
      fields = (
        <>
          <div className="row">
            {guardianField}
            {dateField}
          </div>
          <div className="row">
            <Field label="Телефон" error={err('body.phone')}>
              <input value={d.phone} type="tel" inputMode="tel" placeholder="+7 (912) 345-67-89" onChange={(e) => set({ phone: maskPhone(e.target.value) })} aria-label="Телефон" />
            </Field>
            <Field label="Электронная почта" error={err('body.email')}>
              <input value={d.email} type="email" placeholder="ivanova@mail.ru" onChange={(e) => set({ email: e.target.value })} aria-label="Электронная почта" />
            </Field>
          </div>
          <fieldset className={`registry-choices${err('body.channels') ? ' invalid' : ''}`}>
            <legend>Как доставлять информацию</legend>
            {(['sms', 'email', 'paper'] as const).map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={d.channels.includes(c)}
                  onChange={(e) => set({ channels: e.target.checked ? [...d.channels, c] : d.channels.filter((x) => x !== c) })}
                />{' '}
                {CHANNEL_LABELS[c]}
              </label>
            ))}
            {err('body.channels') && <span className="field-error">{err('body.channels')}</span>}
          </fieldset>
          <fieldset className="registry-choices">
            <legend>Откуда данные</legend>
            <label className="check">
              <input type="radio" name="source" checked={d.source === 'written'} onChange={() => set({ source: 'written' })} /> письменное заявление
            </label>
            <label className="check">
              <input type="radio" name="source" checked={d.source === 'edoc'} onChange={() => set({ source: 'edoc' })} /> электронный документ с электронной подписью
            </label>
          </fieldset>
        </>
      );
      break;
  }

  return (
    <Dialog title={DIALOG_TITLES[kind]} onClose={props.onClose} wide>
      <form
        noValidate
        className="registry-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (check.result?.ok && !check.checking) void register.run();
        }}
      >
        <p className="muted">
          Ученик: <strong>{fullName(card.student)}</strong>, {card.className} класс
        </p>
        {fields}
        <div className="row">
          <div className="field">
            <span className="field-label">Скан бумаги (необязательно): PDF, JPEG или PNG до 10 МБ</span>
            <label className="registry-file">
              <input type="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => setScanFile(e.target.files?.[0] ?? null)} aria-label="Скан" />
              <span className="registry-file-button">Выбрать файл…</span> <span className="muted">{scanFile ? scanFile.name : 'файл не выбран'}</span>
            </label>
          </div>
          <Field label="Примечание (необязательно)">
            <input value={d.note} maxLength={500} onChange={(e) => set({ note: e.target.value })} aria-label="Примечание" />
          </Field>
        </div>
        <CheckPanel check={check} fieldPaths={FIELD_PATHS[kind]} action="Зарегистрировать" />
        <ErrorBanner message={register.error ?? print.error} />
        <div className="row registry-dialog-actions">
          <button type="button" onClick={() => void print.run()} disabled={print.busy} title="Бланк с данными школы, ученика и представителя — на подпись">
            {print.busy ? 'Готовлю бланк…' : 'Напечатать бланк'}
          </button>
          <span className="spacer" />
          <button type="button" onClick={props.onClose}>
            Отмена
          </button>
          <button type="submit" className="primary" disabled={!check.result?.ok || check.checking || register.busy}>
            {register.busy ? 'Регистрирую…' : 'Зарегистрировать'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function VoidDialog(props: { card: StudentCard; target: RegistryDocument; targetLabel: string; onClose: () => void; onRegistered: (doc: RegistryDocument) => void }) {
  const [reason, setReason] = useState('');
  const [signedOn, setSignedOn] = useState(props.card.today);
  const input: RegisterInput = {
    studentId: props.card.student.id,
    signerKind: 'staff',
    signedOn,
    body: { kind: 'void', targetId: props.target.id, reason: reason.trim() },
  };
  const check = useRuleCheck(input);
  const register = useAction(async () => {
    const { document } = await api.registry.register(input);
    props.onRegistered(document);
  });
  return (
    <Dialog title="Отзыв ошибочно зарегистрированного документа" onClose={props.onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (check.result?.ok) void register.run();
        }}
      >
        <p>
          Отзывается: <strong>{props.targetLabel}</strong>. Документ не удаляется: он остаётся в истории и в журнале с отметкой «{agree(props.target.kind, { m: 'отозван', f: 'отозвана', n: 'отозвано' })}», а положение ученика
          пересчитывается без него.
        </p>
        <Field label="Причина (обязательно)" error={check.problemAt('body.reason')}>
          <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="Например: зарегистрирован не тому ученику" aria-label="Причина" />
        </Field>
        <Field label="Дата отзыва">
          <DateField value={signedOn} max={props.card.today} onChange={setSignedOn} aria-label="Дата отзыва" required error={check.problemAt('signedOn')} />
        </Field>
        <CheckPanel check={check} fieldPaths={['body.reason', 'signedOn']} action="Отозвать" />
        <ErrorBanner message={register.error} />
        <div className="row registry-dialog-actions">
          <span className="spacer" />
          <button type="button" onClick={props.onClose}>
            Отмена
          </button>
          <button type="submit" className="danger" disabled={!check.result?.ok || check.checking || register.busy}>
            Отозвать документ
          </button>
        </div>
      </form>
    </Dialog>
  );
}
