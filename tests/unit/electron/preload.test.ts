import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNELS, type EzhdBridge } from '../../../electron/contract/host/bridge.js';

// A fake 'electron' module: the real one would try to download the binary.
const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
const invoke = vi.fn(async (channel: string, ...args: unknown[]) => ({ channel, args }));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed.set(key, api);
    },
  },
  ipcRenderer: {
    invoke,
    on: (channel: string, fn: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: (...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(fn);
    },
  },
}));

let bridge: EzhdBridge;

beforeAll(async () => {
  await import('../../../electron/preload/index.js');
  bridge = exposed.get('ezhd') as EzhdBridge;
});

describe('preload', () => {
  it('выставляет ровно один ключ — ezhd', () => {
    expect([...exposed.keys()]).toEqual(['ezhd']);
  });

  it('ровно члены EzhdBridge, все — функции, и ничего больше (нет ipcRenderer, нет Node)', () => {
    const expected: (keyof EzhdBridge)[] = ['call', 'onProgress', 'saveFile', 'printPdf'];
    expect(Object.keys(bridge).sort()).toEqual([...expected].sort());
    for (const k of expected) expect(typeof bridge[k]).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('call идёт в ezhd:call с путём, входом и номером вызова', async () => {
    invoke.mockClear();
    await bridge.call('auth.login', { login: 'director' }, 'c1');
    expect(invoke).toHaveBeenCalledWith(BRIDGE_CHANNELS.call, 'auth.login', { login: 'director' }, 'c1');
  });

  it('saveFile и printPdf — в свои каналы', async () => {
    invoke.mockClear();
    const file = { name: 'a.pdf', mime: 'application/pdf' as const, base64: 'JVBERi0=' };
    await bridge.saveFile(file);
    await bridge.printPdf(file);
    expect(invoke.mock.calls).toEqual([
      [BRIDGE_CHANNELS.saveFile, file],
      [BRIDGE_CHANNELS.printPdf, file],
    ]);
  });

  it('onProgress слушает ezhd:progress, не отдаёт событие IPC и отписывается', () => {
    const got: unknown[] = [];
    const off = bridge.onProgress((callId, p) => got.push([callId, p]));
    const fns = [...(listeners.get(BRIDGE_CHANNELS.progress) ?? [])];
    expect(fns).toHaveLength(1);
    const fakeEvent = { sender: { send: () => undefined }, ports: [] };
    fns[0]!(fakeEvent, 'c7', { done: 1, total: 3 });
    fns[0]!(fakeEvent, 42, { done: 1, total: 3 });
    expect(got).toEqual([['c7', { done: 1, total: 3 }]]);
    off();
    expect(listeners.get(BRIDGE_CHANNELS.progress)?.size).toBe(0);
  });

  it('использует только каналы моста', () => {
    const used = new Set([...invoke.mock.calls.map((c) => c[0]), ...listeners.keys()]);
    for (const ch of used) expect(Object.values(BRIDGE_CHANNELS)).toContain(ch);
  });
});
