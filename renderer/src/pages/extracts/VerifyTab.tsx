import { useState } from 'react';
import type { VerifyResult } from '../../../../electron/contract/groups/extracts';
import { EXTRACT_STATE_LABELS } from '../../../../electron/contract/groups/extracts';
import { ruDate, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner, Field } from '../../components/ui';
import { useAction } from '../../lib/useAction';

/** Anyone checks the code printed on an extract (or read from its QR code) against the register. */
export function VerifyTab() {
  const [code, setCode] = useState('');
  const [result, setResult] = useState<VerifyResult | null>(null);
  const check = useAction(async () => setResult(await api.extracts.verify({ code })));
  const kind = result?.result === 'valid' ? 'ok' : result?.result === 'not_found' || result?.result === 'annulled' ? 'error' : 'warn';
  return (
    <section className="panel verify-panel">
      <form
        noValidate
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void check.run();
        }}
      >
        <Field label="Код проверки с выписки" hint="20 знаков группами по четыре, например 1A2B-3C4D-5E6F-7A8B-9C0D; регистр, пробелы и русская раскладка не важны; можно отсканировать QR-код">
          <input aria-label="Код проверки" value={code} onChange={(e) => setCode(e.target.value)} autoFocus spellCheck={false} />
        </Field>
        <button type="submit" className="primary" disabled={!code.trim() || check.busy}>
          Проверить
        </button>
      </form>
      <ErrorBanner message={check.error} />
      {result && (
        <div className={`banner ${kind}`} role="status" data-testid="verify-result" data-result={result.result}>
          <strong>{result.message}</strong>
          {result.number !== undefined && (
            <dl className="extract-facts">
              <dt>Номер</dt>
              <dd>{result.number}</dd>
              {result.studentName && (
                <>
                  <dt>Ученик</dt>
                  <dd>{result.studentName}</dd>
                </>
              )}
              <dt>Класс</dt>
              <dd>{result.className}</dd>
              <dt>Период</dt>
              <dd>
                {ruDate(result.periodStart)}–{ruDate(result.periodEnd)}
              </dd>
              {result.issuedOn && (
                <>
                  <dt>Дата выписки</dt>
                  <dd>{ruDate(result.issuedOn)}</dd>
                </>
              )}
              {result.state && (
                <>
                  <dt>Состояние</dt>
                  <dd>{EXTRACT_STATE_LABELS[result.state]}</dd>
                </>
              )}
              {result.signedOff && (
                <>
                  <dt>Утвердил</dt>
                  <dd>
                    {result.signedOff.byName} ({result.signedOff.role}), {ruDateTime(result.signedOff.at)}
                  </dd>
                </>
              )}
              {result.annulled && (
                <>
                  <dt>Аннулирована</dt>
                  <dd>
                    {ruDateTime(result.annulled.at)}
                    {result.annulled.reason ? `. Причина: ${result.annulled.reason}` : ''}
                  </dd>
                </>
              )}
              {result.handedOverOn && (
                <>
                  <dt>Выдана</dt>
                  <dd>{ruDate(result.handedOverOn)}</dd>
                </>
              )}
            </dl>
          )}
        </div>
      )}
    </section>
  );
}
