import { describe, expect, it } from 'vitest';
import { annulledText, checkedText, signerText, supersededText } from '../../../electron/core/extracts/verifyText.js';

const director = { role: 'director', signerName: 'Тестов П. Д.' };
const deputy = { role: 'deputy', signerName: 'Завучева А. Б.' };

describe('the wording of a code check', () => {
  it.each([
    ['data changed since: outdated, whatever the steps', { number: 7, same: false, signed: director, handedOverOn: '2026-11-20' }, 'Выписка № 7 есть в реестре, но данные журнала с тех пор изменились: сведения в ней устарели.'],
    ['handed over: authentic, signed by whom, handed over when', { number: 7, same: true, signed: director, handedOverOn: '2026-11-20' }, 'Выписка № 7 подлинная: утверждена (директор Тестов П. Д.), выдана 20.11.2026.'],
    ['signed off by the deputy, not handed over', { number: 8, same: true, signed: deputy }, 'Выписка № 8 подлинная и утверждена (заместитель директора Завучева А. Б.); ещё не выдана.'],
    ['not signed off', { number: 9, same: true }, 'Выписка № 9 есть в реестре, но ещё не утверждена директором или заместителем.'],
  ] as const)('%s', (_name, a, text) => {
    expect(checkedText(a)).toBe(text);
  });

  it('an annulled extract: the day in ДД.ММ.ГГГГ, and whether the code is of an earlier version', () => {
    expect(annulledText(3, '2026-11-21', false)).toBe('Выписка № 3 аннулирована 21.11.2026: она недействительна. Не принимайте её; при необходимости школа выдаст новую.');
    expect(annulledText(3, '2026-11-21', true)).toContain('аннулирована 21.11.2026 (код её прежней версии)');
  });

  it('a code of an earlier version says the paper is void; the signer is named by role', () => {
    expect(supersededText(4)).toBe('Код принадлежит прежней версии выписки № 4: данные изменились, и выписка подготовлена заново. Эта бумага недействительна — нужна новая.');
    expect(signerText(deputy)).toBe('заместитель директора Завучева А. Б.');
  });
});
