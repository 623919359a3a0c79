import QRCode from 'qrcode';
import type { Writer } from './writer.js';

/** The QR code drawn as vector squares (no image to encode or decode: fast and sharp). */
export function qrVector(w: Writer, text: string, x: number, y: number, side: number): void {
  // A fixed mask: any of the eight is valid, and choosing the best one costs a millisecond per code.
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: 2 });
  const n = qr.modules.size;
  const bits = qr.modules.data;
  const cell = side / n;
  // Every dark run of a row as one rectangle, all of them filled by one operator.
  let ops = 'q 0 0 0 rg\n';
  for (let r = 0; r < n; r++) {
    let run = -1;
    for (let c = 0; c <= n; c++) {
      const dark = c < n && bits[r * n + c] === 1;
      if (dark && run < 0) run = c;
      if (!dark && run >= 0) {
        ops += `${w.re(x + run * cell, y + r * cell, (c - run) * cell + 0.01, cell + 0.01)}\n`;
        run = -1;
      }
    }
  }
  w.raw(`${ops}f Q`);
}
