import { ruDate } from '../../contract/text/format.js';

/** The Russian sentences of a code's check (extracts.verify): one for each answer. */

export const CODE_NOT_RECOGNIZED = 'Код не распознан: он состоит из 20 знаков (цифры и буквы A–F) группами по четыре, например 1A2B-3C4D-5E6F-7A8B-9C0D.';

export const CODE_NOT_FOUND = 'Такого кода в реестре выписок нет: выписка не выдавалась школой или код переписан с ошибкой. Не принимайте её как подлинную.';

/** `old`: the code is of an earlier version of the annulled extract. */
export function annulledText(number: number, annulledOn: string, old: boolean): string {
  return `Выписка № ${number} аннулирована ${ruDate(annulledOn)}${old ? ' (код её прежней версии)' : ''}: она недействительна. Не принимайте её; при необходимости школа выдаст новую.`;
}

export function supersededText(number: number): string {
  return `Код принадлежит прежней версии выписки № ${number}: данные изменились, и выписка подготовлена заново. Эта бумага недействительна — нужна новая.`;
}

/** «директор Тестов П. Д.», «заместитель директора …» */
export function signerText(signed: { role: string; signerName: string }): string {
  return `${signed.role === 'deputy' ? 'заместитель директора' : 'директор'} ${signed.signerName}`;
}

/**
 * The answer for a current code. `same`: the data of the extract did not change since; `signed`:
 * its valid sign-off; `handedOverOn`: the day it was handed over.
 */
export function checkedText(a: { number: number; same: boolean; signed?: { role: string; signerName: string } | undefined; handedOverOn?: string | undefined }): string {
  const who = a.signed ? signerText(a.signed) : '';
  if (!a.same) return `Выписка № ${a.number} есть в реестре, но данные журнала с тех пор изменились: сведения в ней устарели.`;
  if (a.handedOverOn) return `Выписка № ${a.number} подлинная: утверждена (${who}), выдана ${ruDate(a.handedOverOn)}.`;
  if (a.signed) return `Выписка № ${a.number} подлинная и утверждена (${who}); ещё не выдана.`;
  return `Выписка № ${a.number} есть в реестре, но ещё не утверждена директором или заместителем.`;
}
