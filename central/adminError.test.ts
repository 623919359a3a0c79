/**
 * What the administrator reads when an admin command (or the server's start) fails: wrong options
 * in Russian words, not zod's English; errors of the system, of the database and bugs by their code,
 * never their English text (which may quote a child's name, as a duplicate key does).
 */
import { describe, expect, it } from 'vitest';
import { AdminError, adminErrorText } from './adminError.js';
import { ADMIN_HELP } from './adminHelp.js';
import { ADMIN_COMMANDS, runAdmin } from './adminOps.js';
import { EXCHANGE_COMMANDS } from './exchange/admin.js';
import { optionIssueText } from './adminOptions.js';
import type { Db } from './db.js';
import { CentralError } from './schools.js';

/** Options are checked before the database is touched: a database that fails if it is. */
const untouched = new Proxy({}, { get: () => () => Promise.reject(new Error('the database was touched')) }) as unknown as Db;

/** Words of Latin letters a message may hold: commands, options, codes, names of formats and of PostgreSQL's settings. */
const onlyRussian = (text: string) =>
  expect(text.replace(/^[a-z-]+:|--[a-z-]+|\([^)]*\/[^)]*\)|\bs9\b|\b(list-schools|ZIP|CSV|PostgreSQL|EZHD_CENTRAL_DB|statement_timeout|xlsx|csv|[A-Z][A-Za-z]*Error|string|[0-9A-Z]{5})\b/g, '')).not.toMatch(/[A-Za-z]/);

describe('the options of an admin command', () => {
  it.each([
    ['create-school', { id: 's1', name: '' }, 'create-school: --name: укажите значение'],
    ['create-school', { id: 's1' }, 'create-school: --name: укажите значение'],
    ['create-school', { id: 's1', name: 'Ш'.repeat(301) }, 'create-school: --name: не длиннее 300 знаков'],
    ['issue-code', { school: 's1', hours: 'abc' }, 'issue-code: --hours: нужно число'],
    ['issue-code', { school: 's1', hours: '2.5' }, 'issue-code: --hours: нужно целое число'],
    ['issue-code', { school: 's1', hours: '0' }, 'issue-code: --hours: нужно число не меньше 1'],
    ['issue-code', { school: 's1', hours: '100000' }, 'issue-code: --hours: нужно число не больше 2160'],
    ['issue-code', { school: 'bad id!' }, 'issue-code: --school: идентификатор школы: латинские буквы, цифры, . _ -'],
    ['issue-code', {}, 'issue-code: --school: укажите значение'],
    ['load-demo', { 'as-of': '2026-1-1' }, 'load-demo: --as-of: нужна дата вида ГГГГ-ММ-ДД'],
    ['load-demo', { density: 'много' }, 'load-demo: --density: нужно число'],
    ['add-marks', { school: 's1' }, 'add-marks: --count: укажите значение'],
    ['import', { school: 's1' }, 'import: укажите папку выгрузки или ZIP-архив'],
    ['import', { school: 's1', path: 'export' }, 'import: путь должен быть полным'],
    ['import', { school: 's1', path: '/tmp/export', 'dry-run': 'yes' }, 'import: --dry-run: значение записано неверно'],
    ['export', { school: 's1' }, 'export: укажите папку, в которую выгрузить'],
    ['import-class-list', { school: 's1', path: '' }, 'import-class-list: укажите файл списка классов (.xlsx или .csv)'],
  ])('%s %j', async (command, args, message) => {
    const e = await runAdmin(untouched, command, args).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AdminError);
    expect((e as Error).message).toBe(message);
    expect(adminErrorText(e)).toBe(message);
    onlyRussian(message);
  });

  it('an unknown command lists the commands', async () => {
    await expect(runAdmin(untouched, 'launch', {})).rejects.toThrow(/^неизвестная команда: launch; команды: create-school, issue-code/);
  });

  it.each([
    [{ code: 'invalid_type', expected: 'string', input: undefined }, 'укажите значение'],
    [{ code: 'invalid_type', expected: 'string', input: 5 }, 'значение записано неверно'],
    [{ code: 'too_small', origin: 'string', minimum: 3, input: 'a' }, 'не короче 3 знаков'],
    [{ code: 'too_small', origin: 'array', minimum: 1, input: [] }, 'значение записано неверно'],
    [{ code: 'invalid_format', origin: 'string', input: 'x' }, 'значение записано неверно'],
    [{ code: 'custom', input: 'x' }, 'значение записано неверно'],
  ])('optionIssueText %j', (issue, text) => {
    expect(optionIssueText(issue)).toBe(text);
  });
});

describe('adminErrorText', () => {
  const system = (code: string, message: string, path?: string) => Object.assign(new Error(message), { code, ...(path ? { path } : {}) });
  const database = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'ERROR' });
  it.each([
    ['an error written for the administrator', new AdminError('школа s9 не найдена'), 'школа s9 не найдена'],
    ['a file that is not there', system('ENOENT', "ENOENT: no such file or directory, open '/srv/central/admin.secret'", '/srv/central/admin.secret'), 'нет такого файла или папки: проверьте путь (/srv/central/admin.secret)'],
    ['no rights', system('EACCES', "EACCES: permission denied, scandir '/srv/export'", '/srv/export'), 'нет прав на чтение: скопируйте файл в папку, доступную центральной системе, или дайте ей право читать его (/srv/export)'],
    ['PostgreSQL not running', system('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'соединение не принято: сервер по этому адресу не запущен или порт другой'],
    ['the port taken', system('EADDRINUSE', 'listen EADDRINUSE: address already in use 127.0.0.1:8787'), 'порт уже занят другой программой: укажите другой порт (--port) или остановите её'],
    ['a wrong password', database('28P01', 'password authentication failed for user "ezhd"'), 'PostgreSQL не принимает имя пользователя или пароль: проверьте адрес базы данных (--db или EZHD_CENTRAL_DB)'],
    ['no such database', database('3D000', 'database "ezhd" does not exist'), 'в PostgreSQL нет базы данных с таким именем: создайте её или проверьте адрес базы данных (--db или EZHD_CENTRAL_DB)'],
    ['a statement timeout', database('57014', 'canceling statement due to statement timeout'), 'PostgreSQL прервал долгий запрос (statement_timeout): повторите, когда база данных свободнее, или увеличьте statement_timeout'],
    [
      'a duplicate key quoting a row',
      database('23505', 'duplicate key value violates unique constraint "x" Key (name)=(Ёлкин Пётр) already exists.'),
      'база данных ответила ошибкой (код 23505): команда не выполнена, повторите её; если ошибка повторится, сообщите разработчикам',
    ],
    ['a bug', new RangeError('Attempt to access memory outside buffer bounds'), 'команда не выполнена из-за внутренней ошибки (RangeError): повторите её; если ошибка повторится, сообщите разработчикам'],
    ['bad JSON', new SyntaxError('Unexpected token < in JSON at position 0'), 'команда не выполнена из-за внутренней ошибки (SyntaxError): повторите её; если ошибка повторится, сообщите разработчикам'],
    ['a thrown string', 'boom', 'команда не выполнена из-за внутренней ошибки (string): повторите её; если ошибка повторится, сообщите разработчикам'],
  ])('%s', (_, e, text) => {
    expect(adminErrorText(e)).toBe(text);
    onlyRussian(text);
  });

  it("the caller's own errors are told as they are; without the caller's word, as a bug", () => {
    const e = new CentralError(404, 'not_found', 'Школа s9 не найдена.');
    expect(adminErrorText(e, (x) => x instanceof CentralError)).toBe('Школа s9 не найдена.');
    expect(adminErrorText(e)).toMatch(/^команда не выполнена из-за внутренней ошибки \(CentralError\)/);
  });
});

describe('the help', () => {
  it('names every command, in Russian words', () => {
    for (const c of [...Object.keys(ADMIN_COMMANDS), ...Object.keys(EXCHANGE_COMMANDS)]) expect(ADMIN_HELP).toContain(`  ${c} `);
    // Beyond the commands, their options and examples, the text is Russian.
    const words = ADMIN_HELP.replace(/--?[a-z-]+|\b[a-z]+-[a-z-]+\b|<[^>]*>|\b(sch1|id|ws|n|x|c5a|class|document|postgres|ZIP|PGlite|EZHD_CENTRAL_DB|EZHD_CENTRAL_DATA|npm|run|central:admin|docs|exchange-format|md|xlsx|csv|data|central|count|revoke|import|export|compromises|help)\b/g, '');
    expect(words).not.toMatch(/[A-Za-z]/);
  });
});
