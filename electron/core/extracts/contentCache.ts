import { EXTRACT_SECTIONS, type ExtractSection } from '../../contract/entities/settings.js';
import type { DateRange } from '../journal/calendarDays.js';
import type { ClassData, SchoolData } from '../store/schema.js';
import { contentHash } from './code.js';
import type { ExtractContent } from './content.js';

/**
 * Contents of extracts already assembled, kept while the data they are made from stays the same,
 * so that the steps of one extract (prepare, sign off, print) and a batch print of extracts just
 * prepared need not load a class's full-year journal again.
 *
 * An entry is keyed by the extract's identity (student, period, issue date, sections) and by the
 * version of its data:
 * - the class's journal: the store's revision of the file, a token that changes with every write;
 * - the school and class values the content and the class context read (the school's header,
 *   settings, years, periods, classes, subjects, teachers, curriculum, timetable and its changes,
 *   holidays, tests; the class's students and recommendations): by object identity. The store is
 *   copy-on-write: a value it holds is never changed in place, and a write replaces the values it
 *   touches, so the same objects mean the same data.
 *
 * Cached contents are shared: never change them. At most `capacity` entries, least recently used
 * dropped first (a content is a few kilobytes; a school prints a few hundred a week).
 */
export class ExtractContentCache {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private readonly entries = new Map<string, ExtractContent>();
  private readonly hashes = new WeakMap<ExtractContent, Map<string, string>>();

  constructor(readonly capacity = 1500) {}

  private idOf(v: object): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(v, id);
    }
    return id;
  }

  /** The version of what a class's extracts are made from; null (not cached) without a journal revision. */
  versionOf(school: SchoolData, data: ClassData, journalRevision: string | null): string | null {
    if (journalRevision === null) return null;
    const parts: object[] = [
      school.school,
      school.settings,
      school.years,
      school.periods,
      school.classes,
      school.subjects,
      school.teachers,
      school.curriculum,
      school.timetable,
      school.timetableChanges,
      school.holidays,
      school.tests,
      data.students,
      data.recommendations,
    ];
    let key = journalRevision;
    for (const p of parts) key += `.${this.idOf(p)}`;
    return key;
  }

  private keyOf(version: string, spec: ContentSpec): string {
    const sections = EXTRACT_SECTIONS.filter((s) => spec.sections.includes(s)).join(',');
    return `${version}|${spec.studentId}|${spec.period.start}|${spec.period.end}|${spec.issuedOn}|${sections}`;
  }

  get(version: string | null, spec: ContentSpec): ExtractContent | undefined {
    if (version === null) return undefined;
    const key = this.keyOf(version, spec);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(version: string | null, spec: ContentSpec, content: ExtractContent): void {
    if (version === null) return;
    const key = this.keyOf(version, spec);
    this.entries.delete(key);
    this.entries.set(key, content);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** `contentHash`, computed once per content, number and issue date. */
  hash(number: number, issuedOn: string, content: ExtractContent): string {
    let perContent = this.hashes.get(content);
    if (!perContent) this.hashes.set(content, (perContent = new Map()));
    const key = `${number}|${issuedOn}`;
    let h = perContent.get(key);
    if (h === undefined) {
      h = contentHash(number, issuedOn, content);
      perContent.set(key, h);
    }
    return h;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** What an extract's content is assembled for (the student by id). */
export interface ContentSpec {
  studentId: string;
  period: DateRange;
  issuedOn: string;
  sections: readonly ExtractSection[];
}
