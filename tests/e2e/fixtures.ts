import { basename } from 'node:path';
import { test as base } from '@playwright/test';
import { startHostOnCopy, type WebHostProcess } from './webHost';

export { expect } from '@playwright/test';
export type { Browser, Download, Locator, Page, Request } from '@playwright/test';

/**
 * `test` of the end-to-end specs: every spec file gets a web host of its own on a fresh copy of
 * the demo school (made once per run in globalSetup.ts), so a file never sees what another left
 * (documents, extracts printed, settings, an enrolment) and the Playwright workers run files in
 * parallel. `baseURL` is that host; `webHost` lets a test move the host's clock.
 */
export const test = base.extend<{ webHost: WebHostProcess }, { fileHosts: FileHosts }>({
  fileHosts: [
    async ({}, use, workerInfo) => {
      const hosts = new FileHosts(`w${workerInfo.workerIndex}`, process.env.E2E_PORT ? Number(process.env.E2E_PORT) + workerInfo.parallelIndex : 0);
      await use(hosts);
      await hosts.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  webHost: [async ({ fileHosts }, use, testInfo) => use(await fileHosts.forFile(testInfo.file)), { timeout: 120_000 }],
  baseURL: async ({ webHost }, use) => use(webHost.origin),
});

/** The hosts of one worker: one at a time, replaced when the worker moves on to another file. */
class FileHosts {
  private current: { file: string; host: WebHostProcess } | undefined;
  private started = 0;

  constructor(
    private readonly name: string,
    /** 0: a free port each time. */
    private readonly port: number,
  ) {}

  async forFile(file: string): Promise<WebHostProcess> {
    if (this.current?.file === file) return this.current.host;
    await this.stop();
    const host = await startHostOnCopy('a', `${this.name}-${++this.started}-${basename(file, '.spec.ts')}`, this.port);
    this.current = { file, host };
    return host;
  }

  async stop(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    await c?.host.stop();
  }
}
