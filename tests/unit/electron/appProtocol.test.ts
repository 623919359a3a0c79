import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, contentTypeOf, resolveAppPath } from '../../../electron/main/security/appProtocol.js';

const root = '/opt/ezhd/resources/app.asar/dist/renderer';

describe('resolveAppPath: app://ezhd/… → файл в dist/renderer', () => {
  it('отдаёт файлы приложения', () => {
    expect(resolveAppPath(root, APP_INDEX_URL)).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, 'app://ezhd/assets/index-abc123.js')).toBe(`${root}/assets/index-abc123.js`);
    expect(resolveAppPath(root, 'app://ezhd/assets/a.css?v=1#x')).toBe(`${root}/assets/a.css`);
    expect(resolveAppPath(root, 'app://ezhd/%D1%88%D1%80%D0%B8%D1%84%D1%82.ttf')).toBe(`${root}/шрифт.ttf`);
  });

  it('корень — это index.html', () => {
    expect(resolveAppPath(root, 'app://ezhd/')).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, 'app://ezhd')).toBe(`${root}/index.html`);
  });

  it.each([
    ['app://ezhd/../../etc/passwd'],
    ['app://ezhd/assets/../../../etc/passwd'],
    ['app://ezhd/%2e%2e/%2e%2e/etc/passwd'],
    ['app://ezhd/%2E%2E/secret'],
    ['app://ezhd/.%2e/secret'],
    ['app://ezhd/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['app://ezhd/a%2f..%2f..%2fetc%2fpasswd'],
    ['app://ezhd/..\\..\\Windows\\win.ini'],
    ['app://ezhd/assets%5c..%5c..%5csecret'],
    ['app://ezhd//etc/passwd'],
    ['app://ezhd/%2Fetc%2Fpasswd'],
    ['app://ezhd/C:/Windows/win.ini'],
    ['app://ezhd/C%3A%5CWindows%5Cwin.ini'],
    ['app://ezhd/index.html%00.png'],
    ['app://ezhd/%00'],
    ['app://ezhd/bad%escape'],
    ['app://ezhd/./index.html'],
  ])('не выпускает за корень: %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it.each([
    ['file:///etc/passwd'],
    ['https://ezhd/index.html'],
    ['app://evil/index.html'],
    ['app://ezhd.evil.ru/index.html'],
    ['app://user:pass@ezhd/index.html'],
    ['app://ezhd:8080/index.html'],
    ['не адрес'],
  ])('отвечает только на адреса программы: %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('и по правилам путей Windows', () => {
    const winRoot = 'C:\\Program Files\\ЭЖД Офис\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppPath(winRoot, 'app://ezhd/assets/a.js', path.win32)).toBe(`${winRoot}\\assets\\a.js`);
    expect(resolveAppPath(winRoot, 'app://ezhd/..%5c..%5cwin.ini', path.win32)).toBeNull();
    expect(resolveAppPath(winRoot, 'app://ezhd/D:/x', path.win32)).toBeNull();
    expect(resolveAppPath(winRoot, 'app://ezhd/%5C%5Cserver%5Cshare', path.win32)).toBeNull();
  });

  it('результат всегда внутри корня', () => {
    for (const tail of ['a', 'a/b', 'assets/x.js', 'deep/er/file.css']) {
      const p = resolveAppPath(root, `app://ezhd/${tail}`)!;
      expect(p.startsWith(`${root}/`)).toBe(true);
    }
  });
});

describe('тип содержимого', () => {
  it('по расширению', () => {
    expect(contentTypeOf('/a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/a/x.unknown')).toBe('application/octet-stream');
  });
});
