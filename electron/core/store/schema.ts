import type { PersonName } from '../../contract/entities/common.js';
import type { Attendance, FinalMarkEntry, FinalValue, Lesson, Mark } from '../../contract/entities/journal.js';
import type { RegistryDocument } from '../../contract/entities/documents.js';
import type { DiaryView, Guardian, Recommendation, Student } from '../../contract/entities/people.js';
import type {
  CurriculumItem,
  Holiday,
  Period,
  PlannedTest,
  School,
  SchoolClass,
  Subject,
  Teacher,
  TimetableChange,
  TimetableSlot,
  Year,
} from '../../contract/entities/school.js';
import type { ExtractSection, Settings } from '../../contract/entities/settings.js';
import type { Compromise } from '../../contract/entities/compromise.js';
import type { Role } from '../../contract/roles.js';

/** Versions of the files on disk; migrations bring older files up to these at open. */
export const SCHEMA_VERSION = { school: 2, class: 1, journal: 1 } as const;

export interface UserRecord {
  id: string;
  login: string;
  name: PersonName;
  role: Role;
  classIds: string[];
  /** scrypt$N$r$p$salt$hash */
  passwordHash: string;
  /**
   * The hash of the password before the current one (or before the administrator's reset: the one an
   * adversary may know), so a new password cannot be the previous one (auth/passwordRules.ts).
   */
  previousPasswordHash?: string;
  failedAttempts: number;
  lockedUntil?: string;
  mustChangePassword: boolean;
  /** Read only by the migration to school v2, which turns it into a compromise record. */
  compromisedAt?: string;
  disabled: boolean;
  createdAt: string;
}

export interface WorkstationState {
  /** This workstation's id in the sync protocol. */
  id: string;
  /** The last hybrid logical clock value issued here. */
  lastHlc: string;
  /** Next mutation sequence number. */
  nextMutationSeq: number;
}

export interface SchoolData {
  schemaVersion: number;
  demo: boolean;
  school: School;
  settings: Settings;
  years: Year[];
  periods: Period[];
  classes: SchoolClass[];
  subjects: Subject[];
  teachers: Teacher[];
  curriculum: CurriculumItem[];
  timetable: TimetableSlot[];
  timetableChanges: TimetableChange[];
  holidays: Holiday[];
  tests: PlannedTest[];
  users: UserRecord[];
  /** Logins reported known to others (auth/compromise.ts is the rule); never erased. */
  compromises: Compromise[];
  /** School-wide changes waiting to be pushed (a compromise report); class changes live in their partition. */
  mutations: PendingMutation[];
  workstation: WorkstationState;
  /** When the last backup of the data folder was made here (backup.export). */
  lastBackupAt?: string;
  /** The central system's record of its last import from each source (sync kind `importInfo`). */
  imports?: ImportInfo[];
}

/** Where the school's data on the central system comes from: its last import from one source. */
export interface ImportInfo {
  /** The source's code (sgo, dnevnik, ezhd, …). */
  id: string;
  sourceName?: string;
  exportedAt: string;
  importedAt: string;
  /** Entities of each kind in the export. */
  kinds: Record<string, number>;
  added: number;
  changed: number;
  removed: number;
}

/** A local change waiting to be pushed to the central system. */
export interface PendingMutation {
  /** `<workstationId>:<seq>` — unique across the school. */
  id: string;
  seq: number;
  kind: string;
  payload: unknown;
  hlc: string;
  author: string;
  createdAt: string;
  /** Marked by programs before school v2; now derived from `SchoolData.compromises` (auth/compromise.ts). */
  invalid?: boolean;
  /** The server rejected it; the reason is shown to the user. */
  rejected?: { reason: string; at: string };
}

export interface ClassData {
  schemaVersion: number;
  classId: string;
  students: Student[];
  guardians: Guardian[];
  documents: RegistryDocument[];
  finalMarks: FinalMarkEntry[];
  /** Requests to change locked final marks (local to the workstation; absent in older files). */
  finalMarkRequests?: FinalChangeRequest[];
  recommendations: Recommendation[];
  extracts: ExtractRecord[];
  diaryViews: DiaryView[];
  mutations: PendingMutation[];
}

export interface JournalData {
  schemaVersion: number;
  yearId: string;
  classId: string;
  lessons: Lesson[];
  marks: Mark[];
  attendance: Attendance[];
}

export function emptyClassData(classId: string): ClassData {
  return {
    schemaVersion: SCHEMA_VERSION.class,
    classId,
    students: [],
    guardians: [],
    documents: [],
    finalMarks: [],
    recommendations: [],
    extracts: [],
    diaryViews: [],
    mutations: [],
  };
}

export function emptyJournal(yearId: string, classId: string): JournalData {
  return { schemaVersion: SCHEMA_VERSION.journal, yearId, classId, lessons: [], marks: [], attendance: [] };
}

// ---------------------------------------------------------------- registers kept in class partitions
// (the features work on them: extracts/record.ts, finals/changeRequests.ts re-export these)

/**
 * An extract in the register (kept in its class partition, `ClassData.extracts`). The content
 * itself is not stored: it is assembled again from the journal whenever it is printed or checked,
 * and its hash tells whether it is still what was signed off.
 */

/** One recorded step: when, by which user, in which role. */
export interface ExtractStep {
  at: string;
  by: string;
  role: Role;
}

export interface ExtractSignOff extends ExtractStep {
  /** «Орлова А. Ю.»: printed on the extract as it was at the moment of sign-off. */
  signerName: string;
}

export interface ExtractHandover extends ExtractStep {
  guardianId: string;
  /** The date the guardian signed for the copy. */
  date: string;
}

/** An erroneous extract annulled: it stays in the register, its code verifies as annulled. */
export interface ExtractAnnulment extends ExtractStep {
  /** Why, as the office user or the director wrote it. */
  reason: string;
}

/** An earlier version of the extract: the data changed and it was prepared again. */
export interface ExtractVersion {
  contentHash: string;
  issuedOn: string;
  prepared: ExtractStep;
  signedOff?: ExtractSignOff;
  printed: ExtractStep[];
  /** When and by whom it was replaced. */
  replaced: ExtractStep;
}

export interface ExtractRecord {
  id: string;
  /** The number in the school's register, from 1, never reused. */
  number: number;
  studentId: string;
  classId: string;
  periodStart: string;
  periodEnd: string;
  reason: 'weekly' | 'request';
  /** The issue date printed on the extract (of the current version). */
  issuedOn: string;
  /** The template's sections at preparation: the content is always assembled with these. */
  sections: ExtractSection[];
  /** SHA-256 (hex) of the canonical content of the current version; the code is its first 20 digits. */
  contentHash: string;
  prepared: ExtractStep;
  signedOff?: ExtractSignOff;
  /** Prints of the current version. */
  printed: ExtractStep[];
  handedOver?: ExtractHandover;
  /** Annulled: final, whatever step it had reached. */
  annulled?: ExtractAnnulment;
  versions: ExtractVersion[];
}

/** A request to change a locked final mark (finals/changeRequests.ts). */
export const REQUEST_STATUSES = ['pending', 'confirmed', 'refused'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface FinalChangeRequest {
  id: string;
  studentId: string;
  subjectId: string;
  /** The column's key, as `FinalMarkEntry.periodId`. */
  periodId: string;
  /** What the class teacher asks to put in force: a result, or nothing (removal), or a deferral. */
  value: FinalValue | null;
  deferral?: { reason: string; dueOn: string };
  knownOn: string;
  /** Why (a few words). */
  reason: string;
  /** The entry in force when asked: the request is about it. */
  baseEntryId: string;
  requestedBy: string;
  requestedAt: string;
  status: RequestStatus;
  decidedBy?: string;
  decidedAt?: string;
  /** The refusal's note, if the decider gave one. */
  note?: string;
  /** The entry the confirmation wrote. */
  entryId?: string;
}
