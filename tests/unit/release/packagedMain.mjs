/**
 * Starts the packaged main process (dist/electron/main.js extracted from app.asar, next to a
 * stand-in 'electron' module and no other node_modules) under plain Node, plays the renderer for a
 * first start — a new school, the administrator's login, the audit log as PDF (jsPDF, the fonts
 * beside the bundle) and as XLSX (exceljs) — and prints what happened as one JSON line.
 * Used by packaging.test.ts.
 *   node packagedMain.mjs <appDir> <userData>
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [appDir, userData] = process.argv.slice(2);
globalThis.__fakeElectronConfig = { userData, temp: join(userData, '..', 'temp') };
const { record } = await import(pathToFileURL(join(appDir, 'node_modules', 'electron', 'index.mjs')).href);
const started = performance.now();
await import(pathToFileURL(join(appDir, 'dist', 'electron', 'main.js')).href);

const end = Date.now() + 60_000;
while (record.windows.length === 0 && record.exits.length === 0) {
  if (Date.now() > end) throw new Error('the main process opened no window');
  await new Promise((r) => setTimeout(r, 20));
}
const out = { errorBoxes: record.errorBoxes, exits: record.exits, startMs: Math.round(performance.now() - started) };
const win = record.windows[0];
if (win) {
  const wc = win.webContents;
  const event = { sender: wc, senderFrame: wc.mainFrame };
  const call = (path, input) => record.ipcHandlers['ezhd:call'](event, path, input, 'c1');
  const index = await record.protocolHandlers.app(new Request('app://ezhd/index.html'));
  out.index = { status: index.status, text: await index.text() };
  out.setup = await call('auth.setup', {
    mode: 'empty',
    schoolName: 'Школа № 1 города Тестова',
    admin: { login: 'admin', password: 'Пакет-проверка-2026', name: { lastName: 'Сидорова', firstName: 'Мария' } },
  });
  out.login = await call('auth.login', { login: 'admin', password: 'Пакет-проверка-2026' });
  out.pdf = await call('audit.exportPdf', {});
  out.xlsx = await call('audit.exportXlsx', {});
}
console.log(`@@RESULT ${JSON.stringify(out)}`);
process.exit(0);
