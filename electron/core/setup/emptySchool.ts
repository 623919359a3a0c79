import { schoolYearOf } from '../../contract/calendar/schoolYear.js';
import { DEFAULT_SETTINGS } from '../../contract/entities/settings.js';
import { SCHEMA_VERSION, type SchoolData, type UserRecord } from '../store/schema.js';
import { newId } from '../util/ids.js';

/** A school with only its name and an administrator: the start of a school that syncs later. */
export function emptySchool(name: string, admin: UserRecord, now: Date): SchoolData {
  return {
    schemaVersion: SCHEMA_VERSION.school,
    demo: false,
    school: { id: newId('sch'), name, shortName: name, address: '', phone: '', director: { lastName: 'Не указан', firstName: 'Не указан' } },
    settings: structuredClone(DEFAULT_SETTINGS),
    years: [schoolYearOf(now)],
    periods: [],
    classes: [],
    subjects: [],
    teachers: [],
    curriculum: [],
    timetable: [],
    timetableChanges: [],
    holidays: [],
    tests: [],
    users: [admin],
    compromises: [],
    mutations: [],
    workstation: { id: newId('ws'), lastHlc: '', nextMutationSeq: 1 },
  };
}
