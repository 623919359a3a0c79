import { AppError } from '../contract/errors.js';

/**
 * What the user reads when the data folder cannot be opened: the store's own Russian message
 * when it has one (those never carry paths or personal data), otherwise a plain instruction.
 * Never a stack trace.
 */
export function dataFolderErrorText(error: unknown, dataDir: string): { title: string; message: string } {
  const title = 'Папка данных не открывается';
  const advice = `\n\nПапка данных: ${dataDir}\nЕсли не получится, обратитесь к администратору: данные можно восстановить из резервной копии.`;
  if (error instanceof AppError) return { title, message: `${error.message}${advice}` };
  return {
    title,
    message: `Не удалось открыть папку с данными школы. Проверьте, что диск доступен и на нём есть место, и запустите программу снова.${advice}`,
  };
}

export const STARTUP_FAILED = {
  title: 'Программа не запустилась',
  message: 'ЭЖД Офис не смог запуститься. Запустите программу снова; если ошибка повторится, обратитесь к администратору.',
};

export function updateReadyText(version: string): { message: string; detail: string; buttons: [string, string] } {
  return {
    message: `Доступна новая версия ${version}.`,
    detail: 'Обновление загружено и проверено. Перезапустить программу сейчас? Несохранённые изменения на открытом экране будут потеряны.',
    buttons: ['Перезапустить сейчас', 'Позже'],
  };
}

export function updateRefusedText(reason: string): { message: string; detail: string } {
  return {
    message: 'Обновление отклонено',
    detail: `${reason}\n\nПрограмма продолжит работать в текущей версии. Сообщите администратору: сервер обновлений мог быть подменён.`,
  };
}
