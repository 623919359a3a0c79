import { describe, expect, it } from 'vitest';
import { RELEASE_NOTES } from '../../../electron/contract/releaseNotes.js';
import { testApp } from '../helpers/testApp.js';

describe('О программе', () => {
  it('shows the version, the data versions, the release notes; the data folder only to the administrator', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const info = await office.about.info({});
    expect(info.version).toBe(RELEASE_NOTES[0]!.version);
    expect(info.schemaVersions.school).toBeGreaterThanOrEqual(1);
    expect(info.releaseNotes.length).toBeGreaterThan(0);
    expect(info.dataDir).toBeUndefined();
  });

  it('the release notes name the version in package.json', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    expect(RELEASE_NOTES[0]!.version).toBe(pkg.version);
  });
});
