/**
 * The preview of a class list, in Russian, for the console: which column became which field and
 * which were not kept, the classes (existing or created), the first rows as they will be imported
 * (only when asked: a dry run, run by the person who holds the file), and what the import added,
 * changed or would change.
 */
import { formatReport } from '../import.js';
import type { Conversion, ListStudent } from './convert.js';
import type { ClassListReport } from './importClassList.js';

const ru = (iso: string) => iso.split('-').reverse().join('.');
const fio = (p: { lastName: string; firstName: string; middleName?: string | undefined }) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

function rowLine(s: ListStudent): string {
  const parts = [`${s.className}`, fio(s), ru(s.birthDate), `${s.gender === 'f' ? 'ж' : 'м'}${s.genderGuessed ? ' (по ФИО)' : ''}`];
  for (const g of s.guardians) {
    parts.push(`${g.relation}${g.relationGuessed ? ' (по ФИО)' : ''}: ${[fio(g), g.phone, g.email, g.address].filter(Boolean).join(', ')}`);
  }
  return `  ${s.origin.where}, строка ${s.origin.row}: ${parts.join(' · ')}`;
}

export function formatMapping(c: Conversion, o: { rows?: number; done?: boolean } = {}): string {
  const lines: string[] = [];
  const created = o.done ? 'создан' : 'будет создан';
  for (const m of c.mapping) {
    const sheet = m.sheet === null ? c.file : `${c.file}, лист «${m.sheet}»`;
    if (m.skipped) {
      lines.push(`${sheet}: пропущен — ${m.skipped}`);
      continue;
    }
    lines.push(`${sheet}: заголовок в строке ${m.headerRow}, учеников ${m.rows}`);
    for (const col of m.columns) {
      if (col.header === '' && !col.recognised) continue;
      lines.push(`  ${col.column} «${col.header}» → ${col.label}`);
    }
  }
  if (c.examplesSkipped.length) lines.push(`Строки-примеры шаблона пропущены: ${c.examplesSkipped.map((e) => `${e.where}, строка ${e.row}`).join('; ')}`);
  lines.push(`Учебный год: ${c.year.name} (${ru(c.year.start)} – ${ru(c.year.end)})${c.year.isNew ? ` — ${created}` : ''}`);
  lines.push(`Классы: ${c.classes.map((k) => `${k.name} (${k.students} уч.${k.isNew ? `, новый — ${created}` : ''})`).join(', ')}`);
  const guessed = c.students.filter((s) => s.genderGuessed).length;
  if (guessed) lines.push(`Пол определён по ФИО у ${guessed} учеников (столбца «Пол» нет или ячейка пустая)`);
  const rel = c.students.reduce((n, s) => n + s.guardians.filter((g) => g.relationGuessed).length, 0);
  if (rel) lines.push(`«Кем приходится» определено по ФИО у ${rel} представителей (мать или отец)`);
  if (c.school) lines.push(`Сведения о школе: ${c.school.shortName}, директор — из листа «Школа»`);
  if (o.rows && c.students.length) {
    lines.push(`Первые строки, как они будут загружены:`);
    for (const s of c.students.slice(0, o.rows)) lines.push(rowLine(s));
  }
  return lines.join('\n');
}

export function formatClassListReport(r: ClassListReport, o: { rows?: number } = {}): string {
  return [formatMapping(r.conversion, { ...o, done: !r.import.dryRun }), formatReport(r.import).replace(/^Загружено: /, 'Загружено из списка классов: ')].join('\n');
}
