#!/usr/bin/env node
/**
 * Draws the app icon (a class journal page with a tick) and writes, with no tools but Node:
 *   build/icon.png           512×512 (electron-builder's source icon)
 *   build/icons/<n>x<n>.png  16…512 for Linux (AppImage, deb)
 *   build/icon.ico           16…256, PNG-compressed entries, for Windows and NSIS
 * Run: node scripts/release/make-icons.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---- drawing, in a 512-unit square ----
const BLUE = [29, 79, 145];
const WHITE = [255, 255, 255];
const LINE = [176, 196, 222];
const MARGIN = [214, 69, 65];
const GREEN = [46, 160, 67];

const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const vx = bx - ax, vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  const px = ax + t * vx - x, py = ay + t * vy - y;
  return px * px + py * py <= (w / 2) ** 2;
};
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);

const layers = [
  [roundRect(16, 16, 496, 496, 96), BLUE],
  [minus(roundRect(120, 80, 392, 432, 18), (x, y) => x > 336 && y < 136 && (x - 336) > (y - 80)), WHITE],
  [(x, y) => x > 336 && x < 392 && y > 80 && y < 136 && (x - 336) <= (y - 80) && (x - 336) >= (y - 80) - 56, [220, 228, 240]],
  ...[168, 216, 264, 312, 360].map((y) => [rect(148, y - 4, 364, y + 4), LINE]),
  [rect(176, 112, 184, 410), MARGIN],
  [circle(372, 380, 106), BLUE],
  [circle(372, 380, 92), GREEN],
  [segment(326, 382, 358, 414, 26), WHITE],
  [segment(358, 414, 418, 346, 26), WHITE],
];

function draw(size) {
  const px = Buffer.alloc(size * size * 4);
  const S = 4; // 4×4 samples per pixel
  const scale = 512 / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sj = 0; sj < S; sj++) {
        for (let si = 0; si < S; si++) {
          const x = (i + (si + 0.5) / S) * scale;
          const y = (j + (sj + 0.5) / S) * scale;
          let c = null;
          for (const [shape, color] of layers) if (shape(x, y)) c = color;
          if (c) {
            r += c[0]; g += c[1]; b += c[2]; a += 1;
          }
        }
      }
      const o = (j * size + i) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a); px[o + 1] = Math.round(g / a); px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return px;
}

// ---- PNG ----
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- ICO with PNG entries (Windows Vista and later) ----
export function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  const dir = Buffer.alloc(16 * pngs.length);
  let offset = 6 + dir.length;
  pngs.forEach(({ size, png }, k) => {
    const e = k * 16;
    dir[e] = size >= 256 ? 0 : size;
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(png.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...pngs.map((p) => p.png)]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const build = join(root, 'build');
  mkdirSync(join(build, 'icons'), { recursive: true });
  const pngs = new Map();
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
    const png = encodePng(size, draw(size));
    pngs.set(size, png);
    writeFileSync(join(build, 'icons', `${size}x${size}.png`), png);
  }
  writeFileSync(join(build, 'icon.png'), pngs.get(512));
  writeFileSync(join(build, 'icon.ico'), encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngs.get(size) }))));
  console.log('icons written to build/');
}
