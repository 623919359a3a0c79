/** Where each partition and derived file lives in the data folder (relative paths, '/'-separated). */
export const SCHOOL_PATH = 'school.json';
export const classPath = (classId: string) => `classes/${classId}.json`;
/** The class partition's summary (classSummary.ts). */
export const summaryPath = (classId: string) => `classes/${classId}.sum.json`;
export const journalPath = (yearId: string, classId: string) => `journal/${yearId}/${classId}.json`;
/** The journal's aggregates (aggregates.ts). */
export const aggregatesPath = (yearId: string, classId: string) => `journal/${yearId}/${classId}.agg.json`;
/** The store's notices to the administrator (notices.ts). */
export const NOTICES_PATH = 'store-notices.json';

/** The class of a class partition's path ('classes/c5a.json' → 'c5a'). */
export function classIdOfPath(relPath: string): string {
  return relPath.slice('classes/'.length, -'.json'.length);
}

/** The year and class of a journal's path ('journal/y1/c5a.json' → ['y1', 'c5a']). */
export function journalOfPath(relPath: string): [yearId: string, classId: string] {
  const [, yearId, file] = relPath.split('/');
  return [yearId!, file!.replace(/\.json$/, '')];
}
