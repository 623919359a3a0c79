import { describe, expect, it } from 'vitest';
import { looksLikePdf, parseCallArgs, parseSavedFile, safeFileName, MAX_PATH_LENGTH } from '../../../electron/main/ipc/requests.js';
import { WindowSessions } from '../../../electron/main/ipc/sessionMap.js';

describe('аргументы ezhd:call', () => {
  it('путь, вход и номер вызова', () => {
    expect(parseCallArgs(['auth.login', { login: 'a' }, 'c1'])).toEqual({ path: 'auth.login', input: { login: 'a' }, callId: 'c1' });
    expect(parseCallArgs(['school.get', undefined, 'call_9-x'])).toEqual({ path: 'school.get', input: undefined, callId: 'call_9-x' });
  });

  it('неизвестный путь пропускается дальше: его отклонит ядро', () => {
    expect(parseCallArgs(['nope.nothing', {}, 'c1'])?.path).toBe('nope.nothing');
  });

  it.each([
    [[42, {}, 'c1']],
    [['', {}, 'c1']],
    [['a'.repeat(MAX_PATH_LENGTH + 1), {}, 'c1']],
    [['auth.login', {}, '']],
    [['auth.login', {}, 'c 1']],
    [['auth.login', {}, 'x'.repeat(65)]],
    [['auth.login', {}, 7]],
    [['auth.login', {}]],
    [['auth.login', {}, 'c1', 'extra']],
  ])('отклоняются: %j', (args) => {
    expect(parseCallArgs(args as unknown[])).toBeNull();
  });

  it('путь длиной ровно 100 символов ещё допустим', () => {
    expect(parseCallArgs(['a'.repeat(MAX_PATH_LENGTH), {}, 'c1'])).not.toBeNull();
  });
});

describe('файлы для «Сохранить как» и печати', () => {
  const pdf = Buffer.from('%PDF-1.7\n...').toString('base64');

  it('разбирает и декодирует', () => {
    const f = parseSavedFile({ name: 'Выписка 7А.pdf', mime: 'application/pdf', base64: pdf });
    expect(f?.name).toBe('Выписка 7А.pdf');
    expect(f && looksLikePdf(f.bytes)).toBe(true);
  });

  it.each([
    [null],
    ['строка'],
    [[]],
    [{ name: 'a.pdf', mime: 'text/html', base64: pdf }],
    [{ name: 'a.pdf', mime: 'application/pdf', base64: 'не base64!' }],
    [{ name: 'a.pdf', mime: 'application/pdf', base64: 'abc' }],
    [{ name: 1, mime: 'application/pdf', base64: pdf }],
    [{ mime: 'application/pdf', base64: pdf }],
  ])('отклоняет: %j', (v) => {
    expect(parseSavedFile(v)).toBeNull();
  });

  it('имя без папок, запрещённых символов и управляющих кодов', () => {
    expect(safeFileName('../../etc/passwd', 'application/octet-stream')).toBe('_.._etc_passwd');
    expect(safeFileName('..\\..\\Windows\\evil.pdf', 'application/pdf')).toBe('_.._Windows_evil.pdf');
    expect(safeFileName('a<b>c:d"e|f?g*h\u0000i\u001fj.pdf', 'application/pdf')).toBe('a_b_c_d_e_f_g_h_i_j.pdf');
    expect(safeFileName('.hidden', 'application/octet-stream')).toBe('hidden');
    expect(safeFileName('name. . ', 'application/octet-stream')).toBe('name');
  });

  it('расширение всегда по типу: «PDF» не откроется как программа', () => {
    expect(safeFileName('выписка.exe', 'application/pdf')).toBe('выписка.exe.pdf');
    expect(safeFileName('отчёт', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('отчёт.xlsx');
    expect(safeFileName('Отчёт.PDF', 'application/pdf')).toBe('Отчёт.PDF');
  });

  it('зарезервированные имена Windows и пустые имена', () => {
    expect(safeFileName('CON', 'application/pdf')).toBe('документ_CON.pdf');
    expect(safeFileName('', 'application/pdf')).toBe('документ.pdf');
    expect(safeFileName('...', 'application/pdf')).toBe('документ.pdf');
  });

  it('длинное имя укорачивается, расширение остаётся', () => {
    const n = safeFileName('я'.repeat(500), 'application/pdf');
    expect(n.length).toBeLessThanOrEqual(150);
    expect(n.endsWith('.pdf')).toBe(true);
  });

  it('PDF узнаётся по сигнатуре', () => {
    expect(looksLikePdf(Buffer.from('%PDF-1.4'))).toBe(true);
    expect(looksLikePdf(Buffer.from('MZ\x90\x00'))).toBe(false);
    expect(looksLikePdf(Buffer.from(''))).toBe(false);
  });
});

describe('сеансы окон', () => {
  it('вход привязывает сеанс к окну, выход — отвязывает', () => {
    const s = new WindowSessions();
    s.binderFor(1)('sess-a');
    s.binderFor(2)('sess-b');
    expect(s.get(1)).toBe('sess-a');
    expect(s.get(2)).toBe('sess-b');
    s.binderFor(1)(null);
    expect(s.get(1)).toBeUndefined();
    expect(s.get(2)).toBe('sess-b');
  });

  it('закрытое окно забывает сеанс и возвращает его, чтобы завершить', () => {
    const s = new WindowSessions();
    s.binderFor(3)('sess-c');
    expect(s.forget(3)).toBe('sess-c');
    expect(s.get(3)).toBeUndefined();
    expect(s.forget(3)).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it('новый вход в том же окне заменяет сеанс', () => {
    const s = new WindowSessions();
    s.binderFor(1)('old');
    s.binderFor(1)('new');
    expect(s.get(1)).toBe('new');
  });
});
