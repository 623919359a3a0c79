/**
 * `npm run start:web`: the browser host. Serves the built renderer and the contract on
 * 127.0.0.1 only, and prints the address with its per-start token.
 *
 *   --data <dir>   data folder (default: EZHD_DATA_DIR or ./.data/web)
 *   --port <n>     port (default: EZHD_PORT or a free one)
 *   --demo         on an empty data folder, open the demo school at once
 *
 * EZHD_TEST_CLOCK_FILE (end-to-end tests only): the host's clock runs ahead of real time by the
 * milliseconds written in that file (see testClock.ts).
 *
 * The data key comes from EZHD_DATA_KEY (base64, 32 bytes) or the key file beside the data
 * folder (`<dir>.key`), created on first start.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../core/app.js';
import { loadDemoSchool } from '../core/setup/loadDemoSchool.js';
import { loadDataKey } from '../core/store/durable/index.js';
import { openDataFolder } from '../core/store/openDataFolder.js';
import { fetchTransport } from '../core/sync/transport.js';
import { startWebHost } from './server.js';
import { startFailureText } from './startFailure.js';
import { fileClock } from './testClock.js';

const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      demo: { type: 'boolean', default: false },
      renderer: { type: 'string' },
    },
  });
  const dataDir = resolve(values.data ?? process.env.EZHD_DATA_DIR ?? '.data/web');
  const port = Number(values.port ?? process.env.EZHD_PORT ?? 0);
  const rendererDir = resolve(values.renderer ?? resolve(here, '../../dist/renderer'));

  const { key } = await loadDataKey({ env: process.env, keyFile: `${dataDir}.key`, createIfMissing: true });
  const folder = await openDataFolder({ dataDir, key, log: (l) => console.log(`[ezhd] ${l}`) });
  const version = (JSON.parse(readFileSync(resolve(here, '../../package.json'), 'utf8')) as { version: string }).version;
  const clockFile = process.env.EZHD_TEST_CLOCK_FILE;
  const app = createApp({
    ...folder,
    appInfo: { version, host: 'web', dataDir },
    sync: { transport: fetchTransport(), background: process.env.EZHD_SYNC !== 'off' },
    ...(clockFile ? { now: fileClock(clockFile) } : {}),
  });
  if (values.demo && !(await app.core.store.hasSchool())) {
    console.log('Создаю демонстрационную школу…');
    await loadDemoSchool(app.core, { asOf: new Date() });
    await app.core.audit.append({ userId: 'system', action: 'setup.demo', recordIds: [] });
  }
  const host = await startWebHost({ app, rendererDir, port, ...(process.env.EZHD_WEB_TOKEN ? { token: process.env.EZHD_WEB_TOKEN } : {}) });
  console.log(`ЭЖД Офис работает: ${host.url}`);
  console.log(`Данные: ${dataDir}`);
  app.start();
  // The background sync stops and derived files still being written (class summaries) land before the process ends.
  const stop = () => void host.close().then(() => app.stop({ withinMs: WEB_STOP_WITHIN_MS })).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** How long a stopping web host waits for the sync run in progress and the derived files. */
const WEB_STOP_WITHIN_MS = 5_000;

main().catch((e: unknown) => {
  console.error(`ЭЖД Офис не запустился: ${startFailureText(e)}`);
  process.exit(1);
});
