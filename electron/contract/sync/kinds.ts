/**
 * What the central system sends and what workstations send to it, by name: entity kinds (where
 * each lives — partition scope and the collection of the partition file — and how an entity is
 * keyed), partition keys, and the one list of mutation kinds. The same table serves the server (to
 * place entities in partitions and to compute partition hashes) and the client (to apply pulled
 * rows and to push its changes). Pure: the contract imports nothing but zod.
 */

export type Scope = 'school' | 'class' | 'journal';

type Entity = Record<string, unknown>;

export interface KindDef {
  scope: Scope;
  /** The array (or, for `school`, the object) in the partition that holds entities of the kind. */
  collection: string;
  /** The entity's id on the wire; most entities carry an `id`, a few are keyed by their fields. */
  key(e: Entity): string;
}

const byId = (e: Entity) => String(e.id);

export const KINDS = {
  // school.json
  school: { scope: 'school', collection: 'school', key: () => 'school' },
  year: { scope: 'school', collection: 'years', key: byId },
  period: { scope: 'school', collection: 'periods', key: byId },
  class: { scope: 'school', collection: 'classes', key: byId },
  subject: { scope: 'school', collection: 'subjects', key: byId },
  teacher: { scope: 'school', collection: 'teachers', key: byId },
  curriculum: { scope: 'school', collection: 'curriculum', key: (e) => `${String(e.classId)}:${String(e.subjectId)}` },
  timetable: { scope: 'school', collection: 'timetable', key: byId },
  timetableChange: { scope: 'school', collection: 'timetableChanges', key: byId },
  holiday: { scope: 'school', collection: 'holidays', key: byId },
  test: { scope: 'school', collection: 'tests', key: byId },
  /** A login reported known to others, with the operations the central system revoked by it. */
  compromise: { scope: 'school', collection: 'compromises', key: byId },
  /**
   * The last import the central system applied from a source (id: the source's code): where the
   * school's data comes from, when, and how many entities of each kind (no names). Written by
   * central/exchange/import.ts; kept by the client so the school partition's hash agrees.
   */
  importInfo: { scope: 'school', collection: 'imports', key: byId },
  // classes/<classId>.json
  student: { scope: 'class', collection: 'students', key: byId },
  guardian: { scope: 'class', collection: 'guardians', key: byId },
  document: { scope: 'class', collection: 'documents', key: byId },
  finalMark: { scope: 'class', collection: 'finalMarks', key: byId },
  recommendation: { scope: 'class', collection: 'recommendations', key: byId },
  diaryView: { scope: 'class', collection: 'diaryViews', key: (e) => `${String(e.guardianId)}:${String(e.studentId)}:${String(e.at)}`.replace(/[^A-Za-z0-9_.:-]/g, '') },
  // journal/<yearId>/<classId>.json
  lesson: { scope: 'journal', collection: 'lessons', key: byId },
  mark: { scope: 'journal', collection: 'marks', key: byId },
  attendance: { scope: 'journal', collection: 'attendance', key: byId },
} as const satisfies Record<string, KindDef>;

export type EntityKind = keyof typeof KINDS;
export const ENTITY_KINDS = Object.keys(KINDS) as EntityKind[];

export function isEntityKind(k: string): k is EntityKind {
  return Object.hasOwn(KINDS, k);
}

export function kindsOf(scope: Scope): EntityKind[] {
  return ENTITY_KINDS.filter((k) => KINDS[k].scope === scope);
}

// ---------------------------------------------------------------- partitions

export type Partition = { scope: 'school' } | { scope: 'class'; classId: string } | { scope: 'journal'; yearId: string; classId: string };

export const SCHOOL_PARTITION = 'school';
export const classPartition = (classId: string) => `class/${classId}`;
export const journalPartition = (yearId: string, classId: string) => `journal/${yearId}/${classId}`;

export function parsePartition(key: string): Partition | null {
  if (key === SCHOOL_PARTITION) return { scope: 'school' };
  const parts = key.split('/');
  if (parts[0] === 'class' && parts.length === 2 && parts[1]) return { scope: 'class', classId: parts[1] };
  if (parts[0] === 'journal' && parts.length === 3 && parts[1] && parts[2]) return { scope: 'journal', yearId: parts[1], classId: parts[2] };
  return null;
}

export function partitionKey(p: Partition): string {
  return p.scope === 'school' ? SCHOOL_PARTITION : p.scope === 'class' ? classPartition(p.classId) : journalPartition(p.yearId, p.classId);
}

// ---------------------------------------------------------------- partition contents

/**
 * The entities of one kind in a partition (a school, class or journal file's content). With
 * `create`, a missing array is added to the draft and the live array is returned (mutate it to
 * change the draft); without, nothing is changed.
 */
export function collectionOf(draft: object, kind: EntityKind, create = false): Entity[] {
  const def = KINDS[kind];
  const rec = draft as Record<string, unknown>;
  if (kind === 'school') {
    const s = rec.school as Entity | undefined;
    return s ? [s] : [];
  }
  const arr = rec[def.collection];
  if (Array.isArray(arr)) return arr as Entity[];
  if (!create) return [];
  const fresh: Entity[] = [];
  rec[def.collection] = fresh;
  return fresh;
}

/** Every entity of the given scope in a partition's content, with its kind and wire id. */
export function entitiesOf(draft: object, scope: Scope): Array<{ kind: EntityKind; id: string; data: Entity }> {
  const out: Array<{ kind: EntityKind; id: string; data: Entity }> = [];
  for (const kind of kindsOf(scope)) {
    const def: KindDef = KINDS[kind];
    for (const e of collectionOf(draft, kind)) out.push({ kind, id: def.key(e), data: e });
  }
  return out;
}

// ---------------------------------------------------------------- mutations

/** Kinds of the mutations a workstation pushes (the `kind` of a pending mutation): the one list. */
export const MUTATION_KINDS = {
  /** payload: RegistryDocument */
  document: 'registry.document',
  /** payload: FinalMarkEntry */
  finalMark: 'final_mark',
  /** payload: { entryIds: string[]; publishedAt: string } */
  finalMarkPublished: 'final_mark_published',
  /** payload: Compromise (school-wide: no classId) — a report or the reopening of an account */
  compromise: 'account.compromise',
  /** payload: ExtractIssued (extracts/facts.ts) — a version of an extract signed off; no child's data */
  extractIssued: 'extract.issued',
  /** payload: ExtractAnnulled (extracts/facts.ts) — an extract annulled or replaced by a new version */
  extractAnnulled: 'extract.annulled',
} as const;
export type MutationKind = (typeof MUTATION_KINDS)[keyof typeof MUTATION_KINDS];

/** Mutation kinds that concern the whole school: pushed without a class. */
export const SCHOOL_MUTATION_KINDS: readonly string[] = [MUTATION_KINDS.compromise];
