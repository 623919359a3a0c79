/**
 * The text of the app's date field: ДД.ММ.ГГГГ typed with a mask, read back as ISO YYYY-MM-DD,
 * checked against bounds, with the Russian message the field shows. Pure, so it is table-tested.
 */
import { parseRuDate, ruDate } from '../../../electron/contract/text/format';

export interface DateBounds {
  /** The earliest allowed day, YYYY-MM-DD. */
  min?: string | undefined;
  /** The latest allowed day, YYYY-MM-DD. */
  max?: string | undefined;
  required?: boolean | undefined;
}

/** What the field holds: the ISO day when the text is a whole, real, allowed date; else '' and why. */
export interface DateReading {
  iso: string;
  error: string | undefined;
  /** The text is a whole date or empty: a message may show while typing. */
  complete: boolean;
}

export const DATE_EXAMPLE = '12.04.2026';

/** Digits of a typed date laid out as ДД.ММ.ГГГГ, the dots inserted: «1204» → «12.04». */
export function maskDate(typed: string): string {
  const pasted = pastedDate(typed);
  if (pasted) return ruDate(pasted);
  const d = typed.replace(/\D/g, '').slice(0, 8);
  return d.slice(0, 2) + (d.length > 2 ? `.${d.slice(2, 4)}` : '') + (d.length > 4 ? `.${d.slice(4)}` : '');
}

/** A whole date pasted in another usual shape (1.2.2026, 2026-02-01, 01/02/2026) as ISO; else null. */
function pastedDate(text: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) return parseRuDate(`${iso[3]}.${iso[2]}.${iso[1]}`);
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{4}$/.test(t) && !/^\d{2}\.\d{2}\.\d{4}$/.test(t)) return parseRuDate(t.replace(/[/-]/g, '.'));
  return null;
}

/** Where the caret goes after masking: after as many digits as were before it in the typed text. */
export function caretAfterMask(typed: string, caret: number, masked: string): number {
  const digitsBefore = typed.slice(0, caret).replace(/\D/g, '').length;
  if (digitsBefore === 0) return 0;
  let seen = 0;
  for (let i = 0; i < masked.length; i++) {
    if (/\d/.test(masked[i]!)) seen++;
    if (seen === digitsBefore) return i + 1;
  }
  return masked.length;
}

/** Reads the field's text: the ISO day and, when it is not acceptable, the Russian reason. */
export function readDate(text: string, bounds: DateBounds = {}): DateReading {
  const t = text.trim();
  if (t === '') return { iso: '', error: bounds.required ? 'Укажите дату' : undefined, complete: true };
  if (!/^\d{2}\.\d{2}\.\d{4}$/.test(t)) {
    return { iso: '', error: `Введите дату полностью: ДД.ММ.ГГГГ, например ${DATE_EXAMPLE}`, complete: false };
  }
  const iso = parseRuDate(t);
  if (!iso) return { iso: '', error: `Такой даты нет: ${t}`, complete: true };
  if (bounds.min && iso < bounds.min) return { iso: '', error: `Дата не раньше ${ruDate(bounds.min)}`, complete: true };
  if (bounds.max && iso > bounds.max) return { iso: '', error: `Дата не позже ${ruDate(bounds.max)}`, complete: true };
  return { iso, error: undefined, complete: true };
}

/** Digits of a typed time laid out as ЧЧ:ММ, the colon inserted: «930» → «93:0», «0930» → «09:30». */
export function maskTime(typed: string): string {
  const d = typed.replace(/\D/g, '').slice(0, 4);
  return d.slice(0, 2) + (d.length > 2 ? `:${d.slice(2)}` : '');
}
