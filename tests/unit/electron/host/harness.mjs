/**
 * Runs the bundled main process (dist/electron/main.js in a temp copy) against fakeElectron.mjs
 * and plays one scenario, printing what happened as one JSON line. Used by mainHost.test.ts.
 *   node harness.mjs <appDir> <scenario> <userData> [backend]
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [appDir, scenario, userData, backend] = process.argv.slice(2);
globalThis.__fakeElectronConfig = { userData, temp: join(userData, '..', 'temp'), backend };
const fake = await import(pathToFileURL(join(appDir, 'node_modules', 'electron', 'index.mjs')).href);
const rec = fake.record;
await import(pathToFileURL(join(appDir, 'dist', 'electron', 'main.js')).href);

// Main opens its window or exits: whichever it does first.
if (rec.windows.length === 0 && rec.exits.length === 0) {
  await new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error('timed out: no window and no exit in 60 s')), 60_000);
    const done = () => {
      clearTimeout(guard);
      resolve();
    };
    fake.recorded.once('window', done);
    fake.recorded.once('exit', done);
  });
}

const out = { errorBoxes: rec.errorBoxes, exits: rec.exits, sandbox: rec.sandbox, schemes: rec.schemes };
if (rec.windows.length > 0) {
  const win = rec.windows[0];
  const wc = win.webContents;
  out.window = { options: win.options, loadedUrl: win.loadedUrl, ipcChannels: Object.keys(rec.ipcHandlers).sort() };
  const frame = wc.mainFrame;
  const trusted = { sender: wc, senderFrame: frame };
  const call = (path, input, callId = 'c1', event = trusted) => rec.ipcHandlers['ezhd:call'](event, path, input, callId);

  // The app:// protocol.
  const serve = rec.protocolHandlers.app;
  const index = await serve(new Request('app://ezhd/index.html'));
  out.protocol = {
    indexStatus: index.status,
    indexType: index.headers.get('content-type'),
    csp: index.headers.get('content-security-policy'),
    traversal: (await serve(new Request('app://ezhd/%2e%2e/%2e%2e/package.json'))).status,
    post: (await serve(new Request('app://ezhd/index.html', { method: 'POST', body: 'x' }))).status,
  };
  out.permissions = await new Promise((r) => rec.permissionRequest(wc, 'media', r));
  out.permissionCheck = rec.permissionCheck(wc, 'geolocation');
  out.requests = await Promise.all(
    ['app://ezhd/assets/a.js', 'https://fonts.example/x.woff2'].map((url) => new Promise((r) => rec.beforeRequest({ url }, (res) => r(res.cancel)))),
  );
  const nav = { url: 'https://evil.example/', prevented: false, preventDefault() { this.prevented = true; } };
  wc.emit('will-navigate', nav);
  out.navigationPrevented = nav.prevented;
  out.windowOpen = [wc.windowOpenHandler({ url: 'https://evil.example/' }), wc.windowOpenHandler({ url: 'https://www.consultant.ru/doc' })];
  out.externalOpened = rec.externalOpened;

  // Untrusted senders are refused before anything.
  const sub = { url: 'app://ezhd/index.html', parent: frame };
  out.subframe = await call('auth.status', {}, 'c1', { sender: wc, senderFrame: sub });
  out.foreign = await call('auth.status', {}, 'c1', { sender: { id: 999, mainFrame: frame }, senderFrame: frame });
  out.badCallId = await call('auth.status', {}, 'bad id');

  out.statusBefore = await call('auth.status', {});
  if (scenario === 'first-start') {
    out.setup = await call('auth.setup', { mode: 'demo' }, 'setup1');
    out.progressEvents = wc.sent.filter((m) => m[0] === 'ezhd:progress' && m[1] === 'setup1').length;
  }
  out.unknown = await call('nothing.here', {});
  out.beforeLogin = await call('school.overview', {});
  out.badLogin = await call('auth.login', { login: 'director', password: 'wrong-password' });
  out.login = await call('auth.login', { login: 'director', password: 'demo-director' });
  out.afterLogin = await call('school.overview', {});
  out.printNotPdf = await rec.ipcHandlers['ezhd:printPdf'](trusted, { name: 'evil.exe', mime: 'application/pdf', base64: Buffer.from('MZ').toString('base64') });
  out.printPdf = await rec.ipcHandlers['ezhd:printPdf'](trusted, { name: 'Выписка.exe', mime: 'application/pdf', base64: Buffer.from('%PDF-1.4\n').toString('base64') });
  out.openedPaths = rec.openedPaths;
  // A closed window ends its session.
  wc.destroyed = true;
  wc.emit('destroyed');
}
console.log(`@@RESULT ${JSON.stringify(out)}`);
process.exit(0);
