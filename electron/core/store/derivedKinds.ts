import { computeAggregates, isStoredAggregates, type AggregateContext, type StoredAggregates } from './aggregates.js';
import { isStoredClassSummary, summarizeClass, type StoredClassSummary } from './classSummary.js';
import type { DerivedKind } from './derivedFile.js';
import type { SchemaVersions } from './migrations.js';
import { aggregatesPath, classIdOfPath, journalOfPath, summaryPath } from './paths.js';
import { emptyClassData, emptyJournal, type ClassData, type JournalData } from './schema.js';

/** What the store derives beside its partitions: the class summaries and the journal aggregates. */

/** A class partition's summary (classSummary.ts): tied to the partition's revision and schema version. */
export function classSummaryKind(versions: SchemaVersions): DerivedKind<ClassData, StoredClassSummary, null> {
  return {
    fileOf: (p) => summaryPath(classIdOfPath(p)),
    empty: (p) => emptyClassData(classIdOfPath(p)),
    context: async () => null,
    isStored: isStoredClassSummary,
    fits: (s, p) => s.classId === classIdOfPath(p) && s.partitionSchema === versions.class,
    revisionIn: (s) => s.partitionRev,
    withRevision: (s, rev) => ({ ...s, partitionRev: rev }),
    compute: (data, rev, _ctx, _p, prev) => summarizeClass(data, rev, prev && { from: prev.from, summary: prev.stored }),
    restartOnWrite: false,
    eagerWithoutLog: false,
  };
}

/** A journal's aggregates (aggregates.ts): tied to the journal's revision and to the periods and timetable changes they used. */
export function aggregatesKind(contextOf: (yearId: string, classId: string) => Promise<AggregateContext>): DerivedKind<JournalData, StoredAggregates, AggregateContext> {
  return {
    fileOf: (p) => aggregatesPath(...journalOfPath(p)),
    empty: (p) => emptyJournal(...journalOfPath(p)),
    context: (p) => contextOf(...journalOfPath(p)),
    isStored: isStoredAggregates,
    fits: (s, _p, ctx) => s.contextKey === ctx.key,
    revisionIn: (s) => s.journalRev,
    withRevision: (s, rev) => ({ ...s, journalRev: rev }),
    compute: (journal, rev, ctx) => computeAggregates(journal, ctx, rev),
    restartOnWrite: true,
    eagerWithoutLog: true,
  };
}
