/**
 * What the workstation keeps about sync, and where. Nothing here needs a file of its own:
 *
 *   school.json      `sync`: the enrolment (address, school, token — the file is encrypted at rest
 *                    like every partition), the pull cursor, the replica's generation, and the
 *                    school partition's own applied seq;
 *   classes/*.json   `syncMeta`: the seq up to which that partition has applied pulled rows;
 *   journal/*\/*.json `syncMeta`: the same, plus the partition's hash kept up to date as rows apply.
 *
 * The cursor in school.json is a low-water mark: every partition has applied every row at or below
 * it. Each partition write carries its own applied seq in the same durable write as the rows, so
 * a crash between two partition writes of one pull loses nothing (the cursor has not moved: the
 * rows come again) and applies nothing twice (a partition skips rows at or below its own seq).
 */
import type { ClassData, JournalData, SchoolData } from '../store/schema.js';

export interface PartitionSyncMeta {
  /** The replica generation these fields belong to; a meta of another generation means nothing. */
  gen: number;
  /** Every pulled row of this partition with seq ≤ this has been applied. */
  seq: number;
  /** Journal partitions: hash of the partition's entities, kept up to date by every sync write. */
  hash?: string;
  count?: number;
}

export interface ClientSyncState {
  /** The address the workstation enrolled with. */
  centralUrl: string;
  /** The school on the central system, from the enrolment answer. */
  schoolId: string;
  schoolName: string;
  /** Bearer token. school.json is encrypted at rest; the token never leaves the core. */
  token: string;
  enrolledAt: string;
  /** Opaque pull cursor ('0' before the first pull) and the seq it stands for. */
  cursor: string;
  cursorSeq: number;
  /** Incremented by a reset: older partition metas stop guarding. */
  gen: number;
  /** The school partition's applied seq (its rows are applied in the same write as the cursor). */
  schoolMeta?: PartitionSyncMeta;
  lastSyncAt?: string;
  /** The first pull is complete (a long first pull shows a progress bar). */
  initialPullDone?: boolean;
  /** The central system found this workstation's audit log shorter or changed (protocol §5.2). */
  auditHeadProblem?: { message: string; at: string };
}

declare module '../store/schema.js' {
  interface SchoolData {
    sync?: ClientSyncState;
  }
  interface ClassData {
    syncMeta?: PartitionSyncMeta;
  }
  interface JournalData {
    syncMeta?: PartitionSyncMeta;
  }
}

export function syncStateOf(d: SchoolData): ClientSyncState | undefined {
  return d.sync;
}

export function metaOf(d: ClassData | JournalData): PartitionSyncMeta | undefined {
  return d.syncMeta;
}
