/** What the person starting the web host reads when it does not start: Russian words, never Node's English text. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { startFailureText } from '../../../electron/web/startFailure.js';

const system = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('startFailureText', () => {
  it.each([
    ["the core's own message", new AppError('storage', 'Ключ данных не подходит к папке данных.'), 'Ключ данных не подходит к папке данных.'],
    ['the port taken', system('EADDRINUSE', 'listen EADDRINUSE: address already in use 127.0.0.1:5180'), 'порт уже занят другой программой: укажите другой (--port или EZHD_PORT) или остановите её'],
    ['no rights', system('EACCES', "EACCES: permission denied, mkdir '/srv/data'"), 'нет прав: проверьте права на папку данных и на порт (порты ниже 1024 требуют прав администратора)'],
    ['no renderer built', system('ENOENT', "ENOENT: no such file or directory, open 'dist/renderer/index.html'"), 'нет нужного файла или папки: соберите программу (npm run build) и проверьте путь к папке данных'],
    ['a full disk', system('ENOSPC', 'ENOSPC: no space left on device, write'), 'на диске не осталось места: освободите место и запустите снова'],
    ['another system error', system('EMFILE', 'EMFILE: too many open files'), 'непредвиденная ошибка (EMFILE): запустите снова; если ошибка повторится, сообщите разработчикам'],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')"), 'непредвиденная ошибка: запустите снова; если ошибка повторится, сообщите разработчикам'],
    ['a thrown string', 'boom', 'непредвиденная ошибка: запустите снова; если ошибка повторится, сообщите разработчикам'],
  ])('%s', (_, e, text) => {
    expect(startFailureText(e)).toBe(text);
    expect(text.replace(/--port|EZHD_PORT|npm run build|\(E[A-Z]+\)/g, '')).not.toMatch(/[A-Za-z]/);
  });
});
