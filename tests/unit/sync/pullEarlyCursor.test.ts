/**
 * A pull page's cursor told early (client.ts): read from the first bytes of the answer, so the next
 * page is asked for before this one has come whole; the page, once read, must say the same cursor,
 * or it is refused as a bad answer.
 */
import { describe, expect, it } from 'vitest';
import { CentralClient, CentralHttpError } from '../../../electron/core/sync/client.js';
import type { SyncTransport, TransportRequest } from '../../../electron/core/sync/transport.js';

const rows = '["mark","m1","journal/y2026/c5a",7,{"id":"m1","lessonId":"l1","studentId":"s1","value":4,"weight":1}]';
const pageText = (cursor: string, more: boolean, tail = '') => `{"v":1,"cursor":"${cursor}","to":7,"head":9,"more":${more},"rows":[\n${rows}\n],"sums":{"journal/y2026/c5a":{"hash":"0000000000000000","count":1}}${tail}}`;

/** A transport that gives `body`, telling its first bytes first (as httpTransport does). */
function transportOf(body: string): SyncTransport {
  return {
    request: (req: TransportRequest) => {
      const bytes = Buffer.from(body, 'utf8');
      req.onHead?.(bytes.subarray(0, 1024));
      return Promise.resolve({ status: 200, headers: {}, body: new Uint8Array(bytes), wireBytes: bytes.length });
    },
  };
}

describe('CentralClient.pull, the early cursor', () => {
  it('tells the next page’s cursor from the first bytes, and only when there is a next page', async () => {
    for (const [more, expected] of [
      [true, ['ab.7']],
      [false, []],
    ] as const) {
      const told: string[] = [];
      const answer = await new CentralClient(transportOf(pageText('ab.7', more)), 'http://central', 't').pull('s', '0', 100, (c) => told.push(c));
      expect(told).toEqual(expected);
      expect(answer.next).toBe(more ? 'ab.7' : undefined);
    }
  });

  it('refuses a page whose envelope, read whole, names another cursor than its first bytes did', async () => {
    const told: string[] = [];
    const e = await new CentralClient(transportOf(pageText('ab.7', true, ',"cursor":"ab.8"')), 'http://central', 't').pull('s', '0', 100, (c) => told.push(c)).catch((x: unknown) => x);
    expect(told).toEqual(['ab.7']);
    expect(e).toBeInstanceOf(CentralHttpError);
    expect((e as CentralHttpError).code).toBe('bad_answer');
  });
});
