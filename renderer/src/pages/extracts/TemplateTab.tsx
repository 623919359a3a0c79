import { useEffect, useState } from 'react';
import { EXTRACT_SECTIONS, type ExtractSection } from '../../../../electron/contract/entities/settings';
import { EXTRACT_SECTION_LABELS } from '../../../../electron/contract/groups/extracts';
import { api } from '../../api/client';
import { ErrorBanner, Notice } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { canSign, useRole } from './ExtractPanel';

/** The school's template: which sections an extract has (empty ones say so on paper). */
export function TemplateTab({ sections }: { sections: Record<ExtractSection, boolean> }) {
  const role = useRole();
  const [value, setValue] = useState(sections);
  const [saved, setSaved] = useState(false);
  useEffect(() => setValue(sections), [sections]);
  const save = useAction(async () => {
    setValue(await api.extracts.setTemplate({ sections: value }));
    setSaved(true);
  });
  const editable = canSign(role);
  return (
    <section className="panel template-panel">
      <p className="muted">
        Разделы выписки в порядке печати. Выключенный раздел не печатается; включённый печатается всегда — если данных нет, выписка так и
        говорит («пропусков за период нет»). Уже подготовленные выписки сохраняют свои разделы.
      </p>
      <fieldset disabled={!editable}>
        {EXTRACT_SECTIONS.map((s, i) => (
          <label key={s} className="check">
            <input type="checkbox" checked={value[s]} onChange={(e) => (setSaved(false), setValue({ ...value, [s]: e.target.checked }))} />
            {i + 1}. {EXTRACT_SECTION_LABELS[s]}
          </label>
        ))}
      </fieldset>
      {editable ? (
        <button type="button" className="primary" disabled={save.busy} onClick={() => void save.run()}>
          Сохранить шаблон
        </button>
      ) : (
        <Notice>Шаблон меняют директор и заместители директора.</Notice>
      )}
      {saved && <Notice kind="ok">Шаблон сохранён: новые выписки будут с этими разделами.</Notice>}
      <ErrorBanner message={save.error} />
    </section>
  );
}
