/**
 * The plaintext format of the partition files (inside the encrypted envelope): "sectioned".
 *
 *   offset  size  field
 *   0       4     magic 'EZS1'
 *   4       4     header length h, uint32 big-endian
 *   8       h     header: JSON {"v":1,"s":[[name, encoding, deflated 0|1, byteLength], …]}
 *   8+h     …     the section bodies, one after another, in header order
 *
 * Every top-level key of the partition object is a section, in the object's key order. A section
 * body is the JSON text of the section value run through the section's encoding ('json' as it is;
 * the journal's columnar encodings, see journalColumns.ts), raw-deflated (level 1) when it is
 * larger than 1 KB. Nothing is pretty-printed.
 *
 * Why sections: a write usually changes one or two of them (a consent document touches
 * `documents` and `mutations`, not the final marks or the diary views); the codec remembers the
 * encoded body of every section value it has encoded (by object identity, with its length as a
 * guard, and the values it depends on likewise; plain-JSON bodies are shared by the codecs of all
 * files), so the unchanged sections of a big partition cost nothing to encode again. This relies on
 * the store's copy-on-write discipline: a value held by the store is never changed in place, except
 * that a journal's big arrays may grow at their end (drafts.ts), which the length guard sees.
 *
 * Compatibility: a plaintext that starts with '{' is read as plain JSON (files written before this
 * format); a newer container version is an 'unsupported_format' error (never overwritten).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Codec } from '../durable/codec.js';
import { unsupportedFormatError } from '../durable/storageErrors.js';

export const SECTIONED_MAGIC = 'EZS1';
export const SECTIONED_VERSION = 1;
const MAGIC = Buffer.from(SECTIONED_MAGIC, 'ascii');
const DEFLATE_FROM = 1024;
/** Far above any real partition; guards inflate against a runaway body. */
const MAX_SECTION_BYTES = 1024 * 1024 * 1024;

/** How one section's value becomes a JSON-able value and back. */
export interface SectionEncoding {
  /** Written into the header; a reader that does not know it refuses the file. */
  readonly id: string;
  /** Can this value be encoded this way? (Else the section is written as plain JSON.) */
  fits(value: unknown, whole: Record<string, unknown>): boolean;
  /** Other values of the object the encoding depends on (they guard the memo). */
  deps?(whole: Record<string, unknown>): unknown[];
  encode(value: unknown, whole: Record<string, unknown>): unknown;
  /** `section(name)` gives another, already decoded, section of the same object. */
  decode(encoded: unknown, section: (name: string) => unknown): unknown;
}

export interface SectionedOptions {
  /** Encodings by section name; other sections are plain JSON. */
  encodings?: Record<string, SectionEncoding>;
  /** Decoding order hints: sections others depend on (e.g. 'lessons' before 'marks'). */
  decodeFirst?: string[];
  /** zlib level; default 1 (fast; the files are small already). */
  level?: number;
}

interface Memo {
  len: number;
  level: number;
  deps: Dep[] | null;
  encoding: string;
  deflated: boolean;
  body: Buffer;
}

const JSON_ENCODING = 'json';

/**
 * Bodies of plain-JSON sections by value, shared by the codecs of every file: a value held in two
 * files (a class partition's students and its summary's, which is the same array) is encoded once.
 */
const sharedJson = new WeakMap<object, Memo>();

function lengthOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return -1;
}

/** A value a memo depends on: by identity, and by length (a journal's arrays grow in place, see drafts.ts). */
interface Dep {
  ref: WeakRef<object>;
  len: number;
}

function depsOf(values: unknown[] | undefined): Dep[] | null {
  if (!values) return null;
  return values.map((v) => ({ ref: new WeakRef(v !== null && typeof v === 'object' ? v : Object.prototype), len: lengthOf(v) }));
}

function sameDeps(memo: Dep[] | null, values: unknown[] | undefined): boolean {
  if (!memo || !values) return memo === null && values === undefined;
  if (memo.length !== values.length) return false;
  return memo.every((dep, i) => {
    const v = values[i];
    return dep.ref.deref() === (v !== null && typeof v === 'object' ? v : Object.prototype) && dep.len === lengthOf(v);
  });
}

/** The sectioned codec; one instance per partition file (its memo belongs to that file). */
export function sectionedCodec<T>(options: SectionedOptions = {}): Codec<T> {
  const encodings = options.encodings ?? {};
  const level = options.level ?? 1;
  const memos = new Map<string, WeakMap<object, Memo>>();

  function encodeSection(name: string, value: unknown, whole: Record<string, unknown>): Memo {
    const special = Object.hasOwn(encodings, name) ? encodings[name] : undefined;
    const deps = special?.deps?.(whole);
    const isObject = value !== null && typeof value === 'object';
    let perName = memos.get(name);
    if (isObject && perName) {
      const hit = perName.get(value);
      if (hit && hit.len === lengthOf(value) && sameDeps(hit.deps, deps)) return hit;
    }
    if (isObject && special === undefined) {
      const hit = sharedJson.get(value);
      if (hit && hit.len === lengthOf(value) && hit.level === level) return hit;
    }
    const useSpecial = special !== undefined && special.fits(value, whole);
    const json = JSON.stringify(useSpecial ? special.encode(value, whole) : value) ?? 'null';
    const raw = Buffer.from(json, 'utf8');
    const deflated = raw.length > DEFLATE_FROM;
    const memo: Memo = {
      len: lengthOf(value),
      level,
      deps: depsOf(deps),
      encoding: useSpecial ? special.id : JSON_ENCODING,
      deflated,
      body: deflated ? deflateRawSync(raw, { level }) : raw,
    };
    if (isObject && special === undefined) sharedJson.set(value, memo);
    else if (isObject) {
      if (!perName) memos.set(name, (perName = new WeakMap()));
      perName.set(value, memo);
    }
    return memo;
  }

  return {
    encode(data: T): Buffer {
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw new TypeError('A partition is a plain object');
      }
      const whole = data as Record<string, unknown>;
      const entries: [string, Memo][] = [];
      for (const name of Object.keys(whole)) {
        const value = whole[name];
        if (value === undefined) continue;
        entries.push([name, encodeSection(name, value, whole)]);
      }
      const header = Buffer.from(
        JSON.stringify({ v: SECTIONED_VERSION, s: entries.map(([n, m]) => [n, m.encoding, m.deflated ? 1 : 0, m.body.length]) }),
        'utf8',
      );
      const head = Buffer.allocUnsafe(8);
      MAGIC.copy(head, 0);
      head.writeUInt32BE(header.length, 4);
      return Buffer.concat([head, header, ...entries.map(([, m]) => m.body)]);
    },

    decode(bytes: Buffer): T {
      return decodeSectioned<T>(bytes, encodings, options.decodeFirst ?? []);
    },
  };
}

type HeaderEntry = [string, string, 0 | 1, number];

function parseHeader(bytes: Buffer): { entries: HeaderEntry[]; bodyStart: number } {
  if (bytes.length < 8) throw new Error('truncated');
  const len = bytes.readUInt32BE(4);
  if (8 + len > bytes.length) throw new Error('truncated header');
  const header = JSON.parse(bytes.subarray(8, 8 + len).toString('utf8')) as { v?: unknown; s?: unknown };
  if (typeof header.v !== 'number') throw new Error('no version');
  if (header.v > SECTIONED_VERSION) throw unsupportedFormatError('');
  if (!Array.isArray(header.s)) throw new Error('no sections');
  for (const e of header.s as unknown[]) {
    if (
      !Array.isArray(e) ||
      typeof e[0] !== 'string' ||
      typeof e[1] !== 'string' ||
      (e[2] !== 0 && e[2] !== 1) ||
      !Number.isInteger(e[3]) ||
      (e[3] as number) < 0
    ) {
      throw new Error('bad section entry');
    }
  }
  return { entries: header.s as HeaderEntry[], bodyStart: 8 + len };
}

/** Reads a sectioned (or legacy plain JSON) plaintext. */
export function decodeSectioned<T>(bytes: Buffer, encodings: Record<string, SectionEncoding>, decodeFirst: string[] = []): T {
  if (bytes.length > 0 && bytes[0] === 0x7b /* '{' */) return JSON.parse(bytes.toString('utf8')) as T;
  if (bytes.length < 4 || !bytes.subarray(0, 4).equals(MAGIC)) throw new Error('not a partition file');
  const { entries, bodyStart } = parseHeader(bytes);
  const raw = new Map<string, { encoding: string; json: unknown }>();
  let at = bodyStart;
  for (const [name, encoding, deflated, length] of entries) {
    if (at + length > bytes.length) throw new Error('truncated body');
    const body = bytes.subarray(at, at + length);
    at += length;
    const text = (deflated ? inflateRawSync(body, { maxOutputLength: MAX_SECTION_BYTES }) : body).toString('utf8');
    raw.set(name, { encoding, json: JSON.parse(text) as unknown });
  }
  if (at !== bytes.length) throw new Error('trailing bytes');

  const decoded = new Map<string, unknown>();
  const inProgress = new Set<string>();
  const section = (name: string): unknown => {
    if (decoded.has(name)) return decoded.get(name);
    const r = raw.get(name);
    if (!r) return undefined;
    if (inProgress.has(name)) throw new Error('circular sections');
    inProgress.add(name);
    let value: unknown;
    if (r.encoding === JSON_ENCODING) value = r.json;
    else {
      const enc = Object.hasOwn(encodings, name) ? encodings[name] : undefined;
      if (!enc || enc.id !== r.encoding) {
        // An encoding this program does not know: written by a newer version.
        throw unsupportedFormatError('');
      }
      value = enc.decode(r.json, section);
    }
    inProgress.delete(name);
    decoded.set(name, value);
    return value;
  };
  for (const name of decodeFirst) section(name);
  const out: Record<string, unknown> = {};
  for (const [name] of entries) {
    // defineProperty: a section called '__proto__' stays an ordinary key.
    Object.defineProperty(out, name, { value: section(name), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}
