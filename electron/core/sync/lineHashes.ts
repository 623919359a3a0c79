/**
 * The entity hash of every row of a pull page, from the page's UTF-8 bytes: what client.ts computes
 * for each row it reads (`entityHashOfSlice` of the row's kind, id and data text, over UTF-16 code
 * units), computed without decoding a string, so that it can run in a worker thread while the
 * workstation's main thread reads and writes the pages before (lineHashWorker.ts).
 *
 * The rows lie one per line between `start` and `close`, as the reference server writes them:
 * `["kind","id","part",seq,<data>]`, each but the last followed by a comma. A row whose kind or id
 * is not plain ASCII without escapes, whose bytes are not valid UTF-8, or that does not have that
 * shape gets NaN: the reader computes it itself from the text it decoded (it refuses such a row
 * anyway, or it is one a server wrote in another way). Null when the lines do not end as that
 * layout says (the reader then reads the page another way and hashes nothing from here).
 *
 * Self-contained — no name from outside its body, constants included — because the worker runs
 * it from its source text (`lineHashes.toString()`), whatever bundle the app was built into.
 */
export function lineHashes(bytes: Uint8Array, start: number, close: number): Float64Array | null {
  const MOD = 4503599627370496; // 2^52: h(entity) is cyrb53 modulo it (electron/contract/sync/hash.ts)
  let out = new Float64Array(1024);
  let n = 0;
  for (let at = start; at < close; ) {
    let nl = bytes.indexOf(10, at);
    if (nl < 0 || nl > close) nl = close;
    const last = nl === close;
    if (!last && bytes[nl - 1] !== 44) return null;
    const end = last ? nl : nl - 1; // the line without its comma
    if (n === out.length) {
      const grown = new Float64Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[n++] = rowHash(at, end);
    at = nl + 1;
  }
  return out.subarray(0, n);

  /** h(entity) of the row in bytes [from, to): NaN when it cannot be told from the bytes alone. */
  function rowHash(from: number, to: number): number {
    // `["` kind `","` id `"`: ASCII, no escapes.
    if (bytes[from] !== 91 || bytes[from + 1] !== 34) return NaN;
    let i = from + 2;
    const kindFrom = i;
    while (i < to && bytes[i] !== 34) {
      if (bytes[i]! >= 128 || bytes[i] === 92) return NaN;
      i++;
    }
    const kindTo = i;
    if (bytes[i] !== 34 || bytes[i + 1] !== 44 || bytes[i + 2] !== 34) return NaN;
    i += 3;
    const idFrom = i;
    while (i < to && bytes[i] !== 34) {
      if (bytes[i]! >= 128 || bytes[i] === 92) return NaN;
      i++;
    }
    const idTo = i;
    if (bytes[i] !== 34) return NaN;
    // The data: after the fourth comma of the line (kind, id and part have none) up to the closing bracket.
    let commas = 0;
    let j = from;
    while (j < to && commas < 4) if (bytes[j++] === 44) commas++;
    if (commas < 4 || bytes[to - 1] !== 93) return NaN;
    const dataFrom = j;
    const dataTo = to - 1;

    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let k = kindFrom; k < kindTo; k++) {
      h1 = Math.imul(h1 ^ bytes[k]!, 2654435761);
      h2 = Math.imul(h2 ^ bytes[k]!, 1597334677);
    }
    h1 = Math.imul(h1 ^ 10, 2654435761);
    h2 = Math.imul(h2 ^ 10, 1597334677);
    for (let k = idFrom; k < idTo; k++) {
      h1 = Math.imul(h1 ^ bytes[k]!, 2654435761);
      h2 = Math.imul(h2 ^ bytes[k]!, 1597334677);
    }
    h1 = Math.imul(h1 ^ 10, 2654435761);
    h2 = Math.imul(h2 ^ 10, 1597334677);
    // The data's UTF-16 code units, decoded from strict UTF-8 (the WHATWG decoder's ranges).
    for (let k = dataFrom; k < dataTo; ) {
      const b = bytes[k]!;
      let cp: number;
      if (b < 0x80) {
        cp = b;
        k++;
      } else {
        let need: number;
        let lo = 0x80;
        let hi = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
          need = 1;
          cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          cp = b & 0x0f;
          if (b === 0xe0) lo = 0xa0;
          if (b === 0xed) hi = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          cp = b & 0x07;
          if (b === 0xf0) lo = 0x90;
          if (b === 0xf4) hi = 0x8f;
        } else return NaN;
        if (k + need >= dataTo) return NaN;
        for (let c = 1; c <= need; c++) {
          const x = bytes[k + c]!;
          if (x < lo || x > hi) return NaN;
          lo = 0x80;
          hi = 0xbf;
          cp = (cp << 6) | (x & 0x3f);
        }
        k += need + 1;
      }
      if (cp >= 0x10000) {
        const u = cp - 0x10000;
        const hiUnit = 0xd800 + (u >> 10);
        const loUnit = 0xdc00 + (u & 0x3ff);
        h1 = Math.imul(h1 ^ hiUnit, 2654435761);
        h2 = Math.imul(h2 ^ hiUnit, 1597334677);
        h1 = Math.imul(h1 ^ loUnit, 2654435761);
        h2 = Math.imul(h2 ^ loUnit, 1597334677);
      } else {
        h1 = Math.imul(h1 ^ cp, 2654435761);
        h2 = Math.imul(h2 ^ cp, 1597334677);
      }
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)) % MOD;
  }
}

/**
 * Where a page's rows lie when the server wrote them one per line (`"rows":[\n<row>,\n…<row>\n]`):
 * from after the opening to the closing line break; null for another layout. The client's reading
 * of a page and the worker that hashes its rows both find them so. Self-contained, as `lineHashes`.
 */
export function pageRowsSpan(bytes: Uint8Array): { start: number; close: number } | null {
  // `"rows":[` and a line break; the last line break followed by `]`.
  const open = [34, 114, 111, 119, 115, 34, 58, 91, 10];
  let at = -1;
  for (let i = 0; i + open.length <= bytes.length; i++) {
    if (bytes[i] !== 34) continue;
    let k = 1;
    while (k < open.length && bytes[i + k] === open[k]) k++;
    if (k === open.length) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  let close = -1;
  for (let i = bytes.length - 2; i >= at + open.length - 1; i--) {
    if (bytes[i] === 10 && bytes[i + 1] === 93) {
      close = i;
      break;
    }
  }
  if (close < at + open.length - 1) return null;
  return { start: at + open.length, close };
}
