import { useState } from 'react';
import { DOCUMENT_KIND_LABELS, agree, formatRegNumber, type RegistryDocument } from '../../../../electron/contract/entities/documents';
import { type PaperKind, type StudentCard, type TimelineEntry } from '../../../../electron/contract/groups/registry';
import { fullName, ruDate, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner, Notice } from '../../components/ui';
import { printPdf, saveFile } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { KIND_BUTTONS, consentText, contactsText, guardianLabel, yearsText } from './labels';
import { RegisterDialog, VoidDialog } from './RegisterDialog';

/** The marks agree with the document's label: «Заявление … отозвано», «Отзыв … отозван». */
const VOIDED = { m: 'отозван', f: 'отозвана', n: 'отозвано' };
const INVALID = { m: 'недействителен', f: 'недействительна', n: 'недействительно' };
const REJECTED = { m: 'отклонён', f: 'отклонена', n: 'отклонено' };

function entryTags(e: TimelineEntry) {
  return (
    <>
      {e.voidedBy && <span className="tag bad">{agree(e.document.kind, VOIDED)} {ruDate(e.voidedBy.signedOn)}</span>}
      {e.invalid && <span className="tag bad">{agree(e.document.kind, INVALID)}</span>}
      {e.rejected && <span className="tag bad">{agree(e.document.kind, REJECTED)} центральной системой</span>}
      {e.review && <span className="tag warn">на проверку</span>}
    </>
  );
}

function StatusBlock({ card }: { card: StudentCard }) {
  const s = card.status;
  return (
    <dl className="registry-status" data-testid="student-status">
      <dt>Согласие на обработку ПД</dt>
      <dd>{consentText(s, card.guardians)}</dd>
      <dt>Бумажная информация</dt>
      <dd>
        {s.paper.due ? (
          <>
            <span className="tag warn">нужна</span> не реже раза в неделю{s.paper.since ? `, с ${ruDate(s.paper.since)}` : ''}
            {s.paper.reasons.includes('paper_channel') ? ' (выбран способ «на бумаге»)' : ''}
          </>
        ) : (
          'не нужна'
        )}
      </dd>
      <dt>Контакты</dt>
      <dd>{contactsText(s, card.guardians)}</dd>
    </dl>
  );
}

export function StudentCardView({ studentId, onChanged }: { studentId: string; onChanged: () => void }) {
  const card = useQuery(() => api.registry.student({ studentId }), [studentId]);
  const [dialog, setDialog] = useState<PaperKind | null>(null);
  const [voiding, setVoiding] = useState<TimelineEntry | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reprint = useAction(async (d: RegistryDocument) => {
    if (d.kind === 'void') return;
    const f = await api.registry.form({ studentId, kind: d.kind, documentId: d.id });
    await printPdf({ name: f.name, mime: 'application/pdf', base64: f.base64 });
  });
  const openScan = useAction(async (d: RegistryDocument) => {
    const f = await api.registry.scan({ documentId: d.id });
    await saveFile({ name: f.name, mime: f.mime === 'application/pdf' ? 'application/pdf' : 'application/octet-stream', base64: f.base64 });
  });

  const c = card.data;
  if (!c) return card.error ? <ErrorBanner message={card.error} /> : <p className="muted">Загрузка…</p>;
  const registered = (doc: RegistryDocument) => {
    setDialog(null);
    setVoiding(null);
    const no = doc.regNo ? `, регистрационный № ${formatRegNumber(doc.regNo)}` : '';
    setDone(`Зарегистрировано: ${DOCUMENT_KIND_LABELS[doc.kind].toLowerCase()} от ${ruDate(doc.signedOn)}${no}.`);
    card.reload();
    onChanged();
  };

  return (
    <section className="registry-card" data-testid="student-card" aria-label={`Карточка: ${fullName(c.student)}`}>
      <header>
        <h2>{fullName(c.student)}</h2>
        <p className="muted">
          {c.className} класс · дата рождения {ruDate(c.student.birthDate)} · {yearsText(c.status.age)}
          {c.student.leftOn ? ` · выбыл ${ruDate(c.student.leftOn)}` : ''}
        </p>
        <p className="muted small">Законные представители: {c.guardians.length ? c.guardians.map(guardianLabel).join(', ') : 'не указаны'}</p>
      </header>
      <p className={`registry-summary ${c.status.service.electronic ? 'on' : 'off'}`} data-testid="student-summary">
        {c.status.summary}
      </p>
      <StatusBlock card={c} />
      {c.status.review.length > 0 && (
        <div className="banner warn" role="status" data-testid="review-list">
          <strong>На проверку:</strong>
          <ul>
            {c.status.review.map((r) => (
              <li key={r.code + r.documentIds.join()}>{r.message}</li>
            ))}
          </ul>
        </div>
      )}
      {done && <Notice kind="ok">{done}</Notice>}
      <div className="registry-actions" role="group" aria-label="Зарегистрировать документ">
        <span className="muted small">Зарегистрировать документ:</span>
        {KIND_BUTTONS.map((b) => (
          <button key={b.kind} type="button" title={b.title} onClick={() => { setDone(null); setDialog(b.kind); }}>
            {b.label}
          </button>
        ))}
      </div>
      <ErrorBanner message={reprint.error ?? openScan.error} />
      <h3>История документов</h3>
      {c.timeline.length === 0 ? (
        <p className="muted">Документов пока нет.</p>
      ) : (
        <ol className="registry-timeline" data-testid="timeline">
          {[...c.timeline].reverse().map((e) => (
            <li key={e.document.id} className={e.voidedBy || e.invalid ? 'voided' : undefined}>
              <div className="registry-timeline-head">
                <strong>{ruDate(e.document.signedOn)}</strong> {DOCUMENT_KIND_LABELS[e.document.kind]}
                {e.number ? <span className="muted small"> · рег. № {e.number}</span> : null} {entryTags(e)}
              </div>
              <div className="small">
                {e.content}
                {e.voidedBy ? ` — ${agree(e.document.kind, VOIDED)}: ${e.voidedBy.reason}` : ''}
              </div>
              <div className="small muted">
                {e.document.signerKind === 'staff' ? 'Оформил(а)' : 'Подписал'}: {e.signerName} · принял(а) {e.registeredByName} {ruDateTime(e.document.registeredAt)}
                {e.document.note ? ` · ${e.document.note}` : ''}
              </div>
              <div className="registry-timeline-actions">
                {e.document.kind !== 'void' && (
                  <button type="button" className="link" onClick={() => void reprint.run(e.document)}>
                    Напечатать
                  </button>
                )}
                {e.document.scan && (
                  <button type="button" className="link" onClick={() => void openScan.run(e.document)}>
                    Скан
                  </button>
                )}
                {e.document.kind !== 'void' && !e.voidedBy && (
                  <button type="button" className="link" onClick={() => setVoiding(e)}>
                    Отозвать как ошибочный…
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {dialog && <RegisterDialog kind={dialog} card={c} onClose={() => setDialog(null)} onRegistered={registered} />}
      {voiding && (
        <VoidDialog
          card={c}
          target={voiding.document}
          targetLabel={`${DOCUMENT_KIND_LABELS[voiding.document.kind]} от ${ruDate(voiding.document.signedOn)}`}
          onClose={() => setVoiding(null)}
          onRegistered={registered}
        />
      )}
    </section>
  );
}
