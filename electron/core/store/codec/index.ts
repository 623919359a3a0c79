import type { Codec } from '../durable/codec.js';
import { JOURNAL_ENCODINGS } from './journalColumns.js';
import { sectionedCodec } from './sectioned.js';

export { decodeSectioned, sectionedCodec, SECTIONED_MAGIC, SECTIONED_VERSION, type SectionEncoding } from './sectioned.js';
export { JOURNAL_ENCODINGS } from './journalColumns.js';

/** The kinds of files in a data folder, by their relative path. */
export type PartitionKind = 'school' | 'class' | 'summary' | 'journal' | 'aggregates';

const SUMMARY_RE = /^classes\/[^/]+\.sum\.json$/;
const CLASS_RE = /^classes\/[^/]+\.json$/;
const AGG_RE = /^journal\/[^/]+\/[^/]+\.agg\.json$/;
const JOURNAL_RE = /^journal\/[^/]+\/[^/]+\.json$/;

export function partitionKind(relPath: string): PartitionKind | null {
  if (relPath === 'school.json') return 'school';
  if (SUMMARY_RE.test(relPath)) return 'summary';
  if (CLASS_RE.test(relPath)) return 'class';
  if (AGG_RE.test(relPath)) return 'aggregates';
  if (JOURNAL_RE.test(relPath)) return 'journal';
  return null;
}

/**
 * The codec of a partition file: journals get the columnar sections, every other partition the
 * plain sectioned JSON (deflated, with per-section memo). One new instance per file.
 */
export function codecFor<T>(relPath: string): Codec<T> {
  if (partitionKind(relPath) === 'journal') return sectionedCodec<T>({ encodings: JOURNAL_ENCODINGS, decodeFirst: ['lessons'] });
  return sectionedCodec<T>();
}
