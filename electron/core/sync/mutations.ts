import type { ClassData, PendingMutation, WorkstationState } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { tickHlc } from './hlc.js';

/**
 * Pending mutations: what the workstation will push to the central system. A mutation is
 * written in the same partition write as the change it carries (the document and its mutation
 * cannot be separated by a crash). Its id `<workstationId>:<seq>` is unique across the school,
 * so the server can apply it once however often it is retried.
 *
 * Crash safety of the counters. The sequence number and the clock live in school.json, the change
 * in a class partition: two files, no transaction. So the stamp is *reserved* first (one durable
 * write of school.json), and only then used in the class write:
 *   - crash before the reservation: nothing happened;
 *   - crash between the two writes (or the class write refused): a sequence number and a clock
 *     value are skipped. Gaps are harmless: the server dedups by id, never by contiguity;
 *   - crash after the class write: the document and its mutation are both on disk.
 * The opposite order (class first, counters after) could issue the same id twice after a crash,
 * in two partitions — and the server would drop the second as a «duplicate». Never that.
 */
export interface MutationStamp {
  workstationId: string;
  seq: number;
  hlc: string;
}

/** Takes the next sequence number and clock value from the workstation state (a draft). */
export function takeStamp(ws: WorkstationState, now: Date): MutationStamp {
  const hlc = tickHlc(ws.lastHlc, now.getTime(), ws.id);
  const seq = Math.max(1, ws.nextMutationSeq);
  ws.lastHlc = hlc;
  ws.nextMutationSeq = seq + 1;
  return { workstationId: ws.id, seq, hlc };
}

/** Reserves a stamp with one durable write of school.json, before the partition write that uses it. */
export function reserveStamp(store: Store, now: Date): Promise<MutationStamp> {
  return store.updateSchool((d) => takeStamp(d.workstation, now));
}

export interface MutationInput {
  kind: string;
  payload: unknown;
  /** The user id on whose behalf the change is made. */
  author: string;
  now: Date;
}

/**
 * Appends a pending mutation to a class partition draft. `source` is a stamp reserved with
 * `reserveStamp` (the usual case), or the workstation state itself when the caller's draft is the
 * one that holds it.
 */
export function addMutation(draft: Pick<ClassData, 'mutations'>, source: MutationStamp | WorkstationState, m: MutationInput): PendingMutation {
  const stamp = 'seq' in source ? source : takeStamp(source, m.now);
  const id = `${stamp.workstationId}:${stamp.seq}`;
  // A reused id would make the server drop this change as a duplicate of another: refuse loudly.
  if (draft.mutations.some((x) => x.id === id)) throw new Error(`mutation id ${id} already used`);
  const mutation: PendingMutation = {
    id,
    seq: stamp.seq,
    kind: m.kind,
    payload: m.payload,
    hlc: stamp.hlc,
    author: m.author,
    createdAt: m.now.toISOString(),
  };
  draft.mutations.push(mutation);
  return mutation;
}
