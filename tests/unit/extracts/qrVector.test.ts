import QRCode from 'qrcode';
import { describe, expect, it, vi } from 'vitest';
import { qrVector } from '../../../electron/core/pdf/qr.js';
import { Writer } from '../../../electron/core/pdf/writer.js';
import { createPdf } from '../../../electron/core/pdf/document.js';

describe('the QR code of an extract, drawn as vector squares', () => {
  it('fills exactly the dark modules of the code, in one path', () => {
    const text = 'EZHD-VYPISKA N123 1640-A629-113B-1883-0C14';
    const w = new Writer(createPdf({ title: 'QR' }));
    const raw = vi.spyOn(w, 'raw');
    const side = 27;
    const [x, y] = [150, 100];
    qrVector(w, text, x, y, side);
    expect(raw).toHaveBeenCalledTimes(1);
    const ops = raw.mock.calls[0]![0];
    expect(ops.startsWith('q 0 0 0 rg')).toBe(true);
    expect(ops.endsWith('f Q')).toBe(true);

    const qr = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: 2 });
    const n = qr.modules.size;
    const cell = side / n;
    const k = 72 / 25.4;
    const pageHeight = w.pageHeight;
    const drawn = new Set<string>();
    for (const m of ops.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)) {
      const [rx, ry, rw, rh] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      // Back to millimetres from the top-left corner, then to modules.
      const col = Math.round((rx / k - x) / cell);
      const row = Math.round((pageHeight - (ry + rh) / k - y) / cell);
      const len = Math.round(rw / k / cell);
      expect(Math.round(rh / k / cell)).toBe(1);
      for (let c = col; c < col + len; c++) drawn.add(`${row},${c}`);
    }
    const dark = new Set<string>();
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) dark.add(`${r},${c}`);
    expect(drawn.size).toBeGreaterThan(n * n * 0.3);
    expect([...drawn].sort()).toEqual([...dark].sort());
  });
});
