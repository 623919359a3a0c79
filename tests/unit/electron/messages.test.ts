import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { dataFolderErrorText, updateReadyText, updateRefusedText } from '../../../electron/main/messages.js';

describe('сообщения пользователю', () => {
  it('ошибка папки данных: русский текст хранилища, без стека', () => {
    const t = dataFolderErrorText(new AppError('crypto', 'Ключ не подходит к данным этой папки.'), '/home/u/.config/ЭЖД Офис/data');
    expect(t.title).toBe('Папка данных не открывается');
    expect(t.message).toContain('Ключ не подходит к данным этой папки.');
    expect(t.message).toContain('/home/u/.config/ЭЖД Офис/data');
    expect(t.message).not.toContain('at ');
  });

  it('чужая ошибка не показывается: ни текст, ни стек', () => {
    const e = new Error('EACCES: permission denied, open /secret/Иванов.json');
    const t = dataFolderErrorText(e, '/d');
    expect(t.message).not.toContain('EACCES');
    expect(t.message).not.toContain('Иванов');
    expect(t.message).not.toContain(e.stack!.split('\n')[1]!.trim());
  });

  it('обновление: «Перезапустить сейчас» или «Позже»', () => {
    const t = updateReadyText('1.2.0');
    expect(t.message).toBe('Доступна новая версия 1.2.0.');
    expect(t.buttons).toEqual(['Перезапустить сейчас', 'Позже']);
    expect(updateRefusedText('Подпись не сходится.').detail).toContain('Подпись не сходится.');
  });
});
