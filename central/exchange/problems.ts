/**
 * Problems of an import: each names the file, the row (as a spreadsheet numbers it: the header is
 * row 1) and the column, and says what to do, in Russian. They never quote a person's name: a cell
 * that fails is described, not copied, when it may hold personal data.
 */
import { AdminError } from '../adminError.js';

export interface Problem {
  file: string;
  row?: number;
  column?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.row !== undefined) where += `, строка ${p.row}`;
  if (p.column !== undefined) where += `, столбец «${p.column}»`;
  return `${where}: ${p.message}`;
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_LISTED = 500;

/** An import refused with its problems (the message lists them for the administrator). */
export class ImportRefused extends AdminError {
  constructor(readonly problems: Problem[]) {
    const listed = problems.slice(0, MAX_LISTED).map(formatProblem);
    if (problems.length > MAX_LISTED) listed.push(`… и ещё ${problems.length - MAX_LISTED} ошибок того же рода`);
    super(`Выгрузка не загружена: ${problems.length === 1 ? 'найдена ошибка' : `найдено ошибок: ${problems.length}`}. Ничего не записано; исправьте и загрузите снова.\n${listed.join('\n')}`);
    this.name = 'ImportRefused';
  }
}
