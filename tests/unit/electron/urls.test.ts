import { describe, expect, it } from 'vitest';
import {
  isAllowedExternalUrl,
  isAllowedRequestUrl,
  isTrustedUrl,
  navigationDecision,
  windowOpenDecision,
} from '../../../electron/main/security/urls.js';
import { isTrustedSender, type FrameLike } from '../../../electron/main/security/sender.js';

describe('адреса программы', () => {
  it.each(['app://ezhd/index.html', 'app://ezhd/', 'app://ezhd/index.html#/classes'])('свой: %s', (url) => {
    expect(isTrustedUrl(url)).toBe(true);
    expect(navigationDecision(url)).toBe('allow');
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:3000/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://ezhd.evil/index.html',
    'app://user@ezhd/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    '',
  ])('чужой — переход запрещён: %s', (url) => {
    expect(isTrustedUrl(url)).toBe(false);
    expect(navigationDecision(url)).toBe('deny');
  });
});

describe('внешние ссылки и новые окна', () => {
  it('окно не открывается никогда; разрешённый https-сайт — в системном браузере', () => {
    expect(windowOpenDecision('https://www.consultant.ru/document/cons_doc_LAW_61801/')).toBe('open-external');
    expect(windowOpenDecision('https://publication.pravo.gov.ru/')).toBe('open-external');
  });

  it.each([
    'https://evil.example/',
    'http://www.consultant.ru/',
    'https://www.consultant.ru.evil.example/',
    'https://user:pw@www.consultant.ru/',
    'file:///C:/Windows/System32/calc.exe',
    'smb://server/share',
    'app://ezhd/index.html',
    'javascript:alert(1)',
  ])('прочее не открывается: %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
    expect(windowOpenDecision(url)).toBe('deny');
  });

  it('список разрешённых задаётся', () => {
    expect(isAllowedExternalUrl('https://a.example/x', ['https://a.example'])).toBe(true);
    expect(isAllowedExternalUrl('https://a.example/x', [])).toBe(false);
  });
});

describe('запросы окна', () => {
  it('только свои файлы и данные страницы', () => {
    expect(isAllowedRequestUrl('app://ezhd/assets/a.js')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('blob:app://ezhd/1234')).toBe(true);
    expect(isAllowedRequestUrl('https://fonts.googleapis.com/css')).toBe(false);
    expect(isAllowedRequestUrl('http://127.0.0.1:9222/json')).toBe(false);
    expect(isAllowedRequestUrl('file:///etc/passwd')).toBe(false);
  });
});

describe('отправитель IPC', () => {
  const mainFrame: FrameLike = { url: 'app://ezhd/index.html#/classes', parent: null };
  const sender = { id: 7, mainFrame };
  const ours = new Set([7]);

  it('главный фрейм своего окна со своей страницей — принимается', () => {
    expect(isTrustedSender({ sender, senderFrame: mainFrame }, ours)).toBe(true);
  });

  it('подфрейм — нет', () => {
    const sub: FrameLike = { url: 'app://ezhd/index.html', parent: mainFrame };
    expect(isTrustedSender({ sender, senderFrame: sub }, ours)).toBe(false);
  });

  it('чужое окно (другой webContents) — нет', () => {
    expect(isTrustedSender({ sender: { id: 8, mainFrame }, senderFrame: mainFrame }, ours)).toBe(false);
  });

  it('своё окно, но загружена чужая страница — нет', () => {
    const foreign: FrameLike = { url: 'https://evil.example/', parent: null };
    expect(isTrustedSender({ sender: { id: 7, mainFrame: foreign }, senderFrame: foreign }, ours)).toBe(false);
  });

  it('фрейм без родителя, но не главный фрейм окна — нет', () => {
    const other: FrameLike = { url: 'app://ezhd/index.html', parent: null };
    expect(isTrustedSender({ sender, senderFrame: other }, ours)).toBe(false);
    const main: FrameLike = { url: 'app://ezhd/index.html', parent: null, processId: 4, routingId: 1 };
    const elsewhere: FrameLike = { url: 'app://ezhd/index.html', parent: null, processId: 4, routingId: 2 };
    expect(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: elsewhere }, ours)).toBe(false);
  });

  it('другая обёртка того же главного фрейма (те же processId и routingId) — принимается', () => {
    const main: FrameLike = { url: 'app://ezhd/index.html', parent: null, processId: 4, routingId: 1 };
    const sameAgain: FrameLike = { ...main };
    expect(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: sameAgain }, ours)).toBe(true);
  });

  it('фрейм уже уничтожен (senderFrame null) — нет', () => {
    expect(isTrustedSender({ sender, senderFrame: null }, ours)).toBe(false);
  });
});
