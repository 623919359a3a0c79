/**
 * The workstation's side of sync: push pending mutations, pull the school's changes, check
 * partition hashes and repair what differs; in the background when enrolled, and on demand.
 *
 * Guarantees (see docs/sync-protocol.md):
 *  - a pending mutation leaves the class partition only when the server has answered it accepted
 *    (or duplicate of an accepted one); a rejected one stays, marked with the reason; an invalid one
 *    (a login reported compromised) is never sent;
 *  - a pulled page reaches each partition together with that partition's applied seq in one durable
 *    write; the cursor moves only after every partition of the batch is written;
 *  - failures are retried with exponential backoff and jitter; nothing waits for the network.
 */
import { AppError } from '../../contract/errors.js';
import type { Progress } from '../../contract/method.js';
import type { Core } from '../core.js';
import type { ClassData, PendingMutation, SchoolData } from '../store/schema.js';
import { applyRows, partitionHash, replaceWithSnapshot, EMPTY_PARTITION, type PartRow } from './apply.js';
import { backoffDelay, DEFAULT_BACKOFF, intervalDelay, type BackoffOptions } from './backoff.js';
import { CentralClient, CentralHttpError, normaliseCentralUrl, type PageOpener, type PullAnswer } from './client.js';
import { openPageOffThread } from './lineHashWorker.js';
import { parseHlc, receiveHlc } from './hlc.js';
import { classPartition, journalPartition, parsePartition, SCHOOL_MUTATION_KINDS, SCHOOL_PARTITION } from '../../contract/sync/kinds.js';
import { mutationTargets, targetKey } from './targets.js';
import { compromiseRule, mutationInvalid } from '../../contract/auth/compromise.js';
import { BACKUP_RESTORED } from '../audit/auditEntry.js';
import { LIMITS, PROTOCOL_VERSION, START_CURSOR, WireMutation, type PartitionHash, type PushResult } from '../../contract/sync/protocol.js';
import { checkPage, describePageProblem, type PageProblem } from './pageCheck.js';
import { PagePrefetch } from './pagePrefetch.js';
import type { ClientSyncState } from './state.js';
import { NetworkError, type SyncTransport } from './transport.js';
import { timerScheduler, type ScheduledTask } from '../util/scheduler.js';

/** The audit action of a refused pull page. */
export const PULL_REFUSED = 'sync.pullRefused';

export interface SyncEngineOptions {
  /** From the host (HostAbilities.sync); without one, every request fails as a network error. */
  transport: SyncTransport;
  /** Run by itself in the background (from the host; off without one). */
  background: boolean;
  /** Between two successful syncs. */
  intervalMs: number;
  /** Before the first background sync after start. */
  initialDelayMs: number;
  /** While not enrolled: how often to look again. */
  idleCheckMs: number;
  backoff: BackoffOptions;
  /** Rows asked for per pull request. */
  pullLimit: number;
  /** Pull pages fetched ahead of the one being checked and written (pagePrefetch.ts). */
  pullAhead: number;
  /** Rows gathered before they are written (fewer, larger partition writes on a first pull). */
  batchRows: number;
  /** Mutations per push request. */
  pushBatch: number;
  /** Partitions written at the same time while a pull is applied. */
  writeConcurrency: number;
  timeoutMs: number;
  random: () => number;
  /** Where a pulled page is decompressed and its rows hashed besides the reading thread (lineHashWorker.ts); null: by the reader. */
  pageOpener: PageOpener | null;
}

export interface SyncRunSummary {
  pushed: number;
  accepted: number;
  rejected: number;
  pulled: number;
  repaired: string[];
  reset: boolean;
  wireBytes: number;
}

export interface SyncProblem {
  message: string;
  at: string;
  /** network: no connection; auth: the token is refused; server: an error answer; local: on this workstation. */
  kind: 'network' | 'auth' | 'server' | 'local';
  /** The message is this workstation's own words (no text of the central system in it): shown as it is. */
  own?: true;
}

export interface EngineStatus {
  enrolled: boolean;
  configured: boolean;
  centralUrl: string;
  schoolName?: string;
  online: boolean;
  running: boolean;
  lastSyncAt?: string;
  lastAttemptAt?: string;
  nextAttemptAt?: string;
  lastError?: SyncProblem;
  progress?: Progress;
  initialPullDone: boolean;
}

/** A host without a network: nothing is sent. */
const NO_TRANSPORT: SyncTransport = {
  request: () => Promise.reject(new NetworkError('this host gives no transport to the central system', 'ENOTRANSPORT')),
};

const DEFAULTS: Omit<SyncEngineOptions, 'transport' | 'background'> = {
  intervalMs: 60_000,
  initialDelayMs: 3_000,
  idleCheckMs: 30_000,
  backoff: DEFAULT_BACKOFF,
  pullLimit: LIMITS.maxPullLimit,
  pullAhead: 3,
  batchRows: 150_000,
  pushBatch: 200,
  writeConcurrency: 2,
  timeoutMs: 120_000,
  random: Math.random,
  pageOpener: openPageOffThread,
};

/** Runs `fn` over the items, at most `limit` at a time; every run finishes before a failure is thrown. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { e: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        failure ??= { e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw (failure as { e: unknown }).e;
}

/** A pull page failed its check (pageCheck.ts): nothing of it is applied; the status says why. */
export class PullRefusedError extends AppError {
  constructor(readonly problem: PageProblem) {
    super('network', describePageProblem(problem));
    this.name = 'PullRefusedError';
  }
}

export class NotEnrolledError extends AppError {
  constructor() {
    super('conflict', 'Рабочее место не подключено к центральной системе. Администратор подключает его на странице «Синхронизация» кодом от центральной системы.');
  }
}

function protectedOf(d: Pick<ClassData, 'mutations'>): Set<string> {
  const s = new Set<string>();
  for (const m of d.mutations) for (const t of mutationTargets(m)) s.add(targetKey(t.kind, t.id));
  return s;
}

function describeError(e: unknown, url: string): { kind: SyncProblem['kind']; message: string; own?: true } {
  if (e instanceof PullRefusedError) return { kind: 'server', message: e.message, own: true };
  if (e instanceof NetworkError) {
    return { kind: 'network', message: `Нет связи с центральной системой (${url}). Изменения сохранены на этом рабочем месте и будут отправлены, когда связь появится.` };
  }
  if (e instanceof CentralHttpError) return { kind: e.status === 401 || e.code === 'wrong_school' || e.code === 'wrong_workstation' ? 'auth' : 'server', message: e.message };
  if (e instanceof AppError) return { kind: 'local', message: e.message };
  return { kind: 'local', message: 'Синхронизация прервана ошибкой на этом рабочем месте. Она будет повторена; если ошибка повторится, сообщите администратору.' };
}

export class SyncEngine {
  private o: SyncEngineOptions;
  private timer: ScheduledTask | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private runningNow = false;
  private failures = 0;
  /** null: not tried since start (shown as online if a sync ever succeeded). */
  private online: boolean | null = null;
  private lastError: SyncProblem | undefined;
  private lastAttemptAt: string | undefined;
  private nextAttemptAt: string | undefined;
  private progress: Progress | undefined;
  private stopped = false;
  /** Local hash of a partition known to be current (journal: kept by sync writes; others: computed). */
  private readonly known = new Map<string, string>();
  /** Partitions whose repair did not make them equal to the server's hash (key + server hash). */
  private readonly repairFailed = new Set<string>();
  /** The last refused page's problem recorded in the audit log. */
  private lastRefusal: string | undefined;

  constructor(
    private readonly core: Core,
    opts: Partial<SyncEngineOptions> = {},
  ) {
    this.o = { ...DEFAULTS, transport: core.host.sync?.transport ?? NO_TRANSPORT, background: core.host.sync?.background ?? false, ...opts };
  }

  /** Changes options (tests inject a transport and switch the background off). */
  configure(opts: Partial<SyncEngineOptions>): void {
    this.o = { ...this.o, ...opts };
    if (opts.background === false) this.stopBackground();
  }

  get options(): Readonly<SyncEngineOptions> {
    return this.o;
  }

  // ------------------------------------------------------------ background

  startBackground(): void {
    if (!this.o.background || this.timer || this.stopped) return;
    this.schedule(this.o.initialDelayMs);
  }

  stopBackground(): void {
    this.timer?.cancel();
    this.timer = null;
    this.nextAttemptAt = undefined;
  }

  /** Stops the loop for good (the app is closing); a run in progress finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopBackground();
    await this.chain.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (!this.o.background || this.stopped) return;
    this.timer?.cancel();
    this.nextAttemptAt = new Date(this.core.now().getTime() + ms).toISOString();
    this.timer = (this.core.host.scheduler ?? timerScheduler).after(ms, () => {
      this.timer = null;
      void this.tick();
    });
  }

  private async tick(): Promise<void> {
    try {
      if (!(await this.isConfigured())) return this.schedule(this.o.idleCheckMs);
      if (this.runningNow) return this.schedule(this.o.intervalMs);
      await this.syncNow();
    } catch {
      // recorded in lastError by syncNow; the schedule below retries
    }
    this.schedule(this.failures > 0 ? backoffDelay(this.failures, this.o.random, this.o.backoff) : intervalDelay(this.o.intervalMs, this.o.random));
  }

  private async isConfigured(): Promise<boolean> {
    if (!(await this.core.store.hasSchool())) return false;
    const s = await this.core.store.school();
    return Boolean(s.sync?.token) && s.settings.centralUrl !== '';
  }

  // ------------------------------------------------------------ status

  async status(): Promise<EngineStatus> {
    const has = await this.core.store.hasSchool();
    const s = has ? await this.core.store.school() : null;
    const st = s?.sync;
    return {
      enrolled: Boolean(st?.token),
      configured: Boolean(st?.token) && (s?.settings.centralUrl ?? '') !== '',
      centralUrl: s?.settings.centralUrl ?? '',
      ...(st?.schoolName ? { schoolName: st.schoolName } : {}),
      online: this.online ?? Boolean(st?.lastSyncAt),
      running: this.runningNow,
      ...(st?.lastSyncAt ? { lastSyncAt: st.lastSyncAt } : {}),
      ...(this.lastAttemptAt ? { lastAttemptAt: this.lastAttemptAt } : {}),
      ...(this.nextAttemptAt ? { nextAttemptAt: this.nextAttemptAt } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.progress ? { progress: this.progress } : {}),
      initialPullDone: Boolean(st?.initialPullDone),
    };
  }

  // ------------------------------------------------------------ enrol

  async enroll(centralUrl: string, code: string, name?: string): Promise<{ schoolId: string; schoolName: string }> {
    let base: string;
    try {
      base = normaliseCentralUrl(centralUrl);
    } catch (e) {
      throw new AppError('validation', (e as Error).message, [{ path: 'centralUrl', message: (e as Error).message }]);
    }
    const client = new CentralClient(this.o.transport, base, null, this.o.timeoutMs);
    const school = await this.core.store.school();
    try {
      const info = await client.info();
      if (!info.versions.includes(PROTOCOL_VERSION)) {
        throw new AppError('conflict', `Центральная система поддерживает версии протокола ${info.versions.join(', ')}, а эта программа — ${PROTOCOL_VERSION}. Обновите программу.`);
      }
      const r = await client.enroll({ v: PROTOCOL_VERSION, code: code.trim(), workstationId: school.workstation.id, ...(name ? { name } : {}) });
      const now = this.core.now().toISOString();
      await this.core.store.updateSchool((d) => {
        const prev = d.sync;
        const same = prev !== undefined && prev.schoolId === r.schoolId;
        const next: ClientSyncState = {
          centralUrl: base,
          schoolId: r.schoolId,
          schoolName: r.schoolName,
          token: r.token,
          enrolledAt: now,
          cursor: same ? prev.cursor : START_CURSOR,
          cursorSeq: same ? prev.cursorSeq : 0,
          gen: (prev?.gen ?? 0) + (same ? 0 : 1),
          ...(same && prev.schoolMeta ? { schoolMeta: prev.schoolMeta } : {}),
          ...(same && prev.lastSyncAt ? { lastSyncAt: prev.lastSyncAt } : {}),
          initialPullDone: same ? Boolean(prev.initialPullDone) : false,
        };
        d.sync = next;
        d.settings.centralUrl = base;
      });
      this.known.clear();
      this.online = true;
      this.lastError = undefined;
      this.failures = 0;
      if (this.o.background && !this.stopped) this.schedule(500);
      return { schoolId: r.schoolId, schoolName: r.schoolName };
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (e instanceof NetworkError) throw new AppError('network', `Центральная система по адресу ${base} не отвечает. Проверьте адрес и связь.`);
      if (e instanceof CentralHttpError) {
        throw new AppError(e.code === 'code_invalid' ? 'validation' : 'network', e.message, e.code === 'code_invalid' ? [{ path: 'code', message: e.message }] : undefined);
      }
      throw e;
    }
  }

  // ------------------------------------------------------------ run

  /** One full sync (push, pull, verify). Runs one at a time: a call during a run waits for it, then runs. */
  syncNow(onProgress?: (p: Progress) => void): Promise<SyncRunSummary> {
    const run = this.chain.catch(() => undefined).then(() => this.runOnce(onProgress));
    this.chain = run;
    return run;
  }

  private async runOnce(onProgress?: (p: Progress) => void): Promise<SyncRunSummary> {
    const school = await this.core.store.school();
    const st = school.sync;
    if (!st?.token || !school.settings.centralUrl) throw new NotEnrolledError();
    const url = school.settings.centralUrl;
    const client = new CentralClient(this.o.transport, url, st.token, this.o.timeoutMs, this.o.pageOpener);
    this.runningNow = true;
    this.lastAttemptAt = this.core.now().toISOString();
    const summary: SyncRunSummary = { pushed: 0, accepted: 0, rejected: 0, pulled: 0, repaired: [], reset: false, wireBytes: 0 };
    const report = (p: Progress) => {
      this.progress = p;
      onProgress?.(p);
    };
    try {
      await this.push(client, summary, report);
      await this.reportAuditHead(client);
      // Checkpoints and derived files are made once after the pull, not after each of its batches.
      const release = this.core.store.holdBackgroundWork();
      try {
        const hashes = await this.pull(client, summary, report);
        if (hashes) await this.verify(client, hashes, summary, report);
      } finally {
        release();
      }
      const at = this.core.now().toISOString();
      await this.core.store.updateSchool((d) => {
        if (d.sync) {
          d.sync.lastSyncAt = at;
          d.sync.initialPullDone = true;
        }
      });
      this.online = true;
      this.lastError = undefined;
      this.lastRefusal = undefined;
      this.failures = 0;
      return summary;
    } catch (e) {
      const p = describeError(e, url);
      this.online = p.kind !== 'network';
      this.lastError = { ...p, at: this.core.now().toISOString() };
      this.failures++;
      this.core.log(`sync failed: ${e instanceof CentralHttpError ? `${e.status} ${e.code}` : e instanceof NetworkError ? `network ${e.causeCode ?? ''}` : e instanceof PullRefusedError ? `pull refused ${e.problem.code}` : e instanceof Error ? e.name : 'error'}`);
      if (e instanceof PullRefusedError) await this.recordRefusal(e.problem);
      if (e instanceof AppError) throw e;
      throw new AppError('network', p.message);
    } finally {
      this.runningNow = false;
      this.progress = undefined;
    }
  }

  /**
   * A refused page goes to the audit log (no id, no data: the check's code, the kind, the field,
   * the partition) — once per distinct problem while the program runs, not at every retry.
   */
  private async recordRefusal(p: PageProblem): Promise<void> {
    const key = JSON.stringify(p);
    if (this.lastRefusal === key) return;
    this.lastRefusal = key;
    const details: Record<string, string> = { problem: p.code };
    if (p.kind) details.kind = p.kind;
    if (p.field) details.field = p.field;
    if (p.part) details.part = p.part;
    try {
      await this.core.audit.append({ userId: 'system', action: PULL_REFUSED, recordIds: [], details });
    } catch {
      this.core.log('sync: the refused page could not be recorded in the audit log');
    }
  }

  // ------------------------------------------------------------ push

  private async push(client: CentralClient, summary: SyncRunSummary, report: (p: Progress) => void): Promise<void> {
    const school = await this.core.store.school();
    const st = school.sync!;
    const wsId = school.workstation.id;
    const outgoing: Array<{ m: PendingMutation; classId: string | undefined }> = [];
    const locallyRejected = new Map<string | undefined, Map<string, string>>();
    // A change made with a login from the moment it was reported compromised is never sent (auth/compromise.ts).
    const rule = compromiseRule(school.compromises);
    const consider = (m: PendingMutation, classId: string | undefined) => {
      if (m.rejected || mutationInvalid(rule, m)) return;
      const wire = { id: m.id, seq: m.seq, kind: m.kind, ...(classId ? { classId } : {}), payload: m.payload, hlc: m.hlc, author: m.author, createdAt: m.createdAt };
      const schoolWide = SCHOOL_MUTATION_KINDS.includes(m.kind);
      const ok = WireMutation.safeParse(wire).success && m.id === `${wsId}:${m.seq}` && schoolWide === (classId === undefined) && JSON.stringify(wire).length < LIMITS.maxRequestBytes / 4;
      if (!ok) {
        const byClass = locallyRejected.get(classId) ?? new Map<string, string>();
        byClass.set(m.id, 'Изменение не может быть отправлено: оно сделано на другом рабочем месте или повреждено. Зарегистрируйте документ заново.');
        locallyRejected.set(classId, byClass);
        return;
      }
      outgoing.push({ m, classId });
    };
    for (const m of school.mutations ?? []) consider(m, undefined);
    for (const c of school.classes) {
      const data = await this.core.store.classData(c.id);
      for (const m of data.mutations) consider(m, c.id);
    }
    for (const [classId, reasons] of locallyRejected) await this.markAnswers(classId, new Map([...reasons].map(([id, reason]) => [id, { id, status: 'rejected' as const, reason }])));
    outgoing.sort((a, b) => a.m.seq - b.m.seq);
    let maxSeq = 0;
    for (let i = 0; i < outgoing.length; i += this.o.pushBatch) {
      const batch = outgoing.slice(i, i + this.o.pushBatch);
      report({ done: i, total: outgoing.length, label: 'Отправка изменений' });
      const res = await client.push({
        v: PROTOCOL_VERSION,
        schoolId: st.schoolId,
        workstationId: wsId,
        mutations: batch.map(({ m, classId }) => ({ id: m.id, seq: m.seq, kind: m.kind, ...(classId ? { classId } : {}), payload: m.payload, hlc: m.hlc, author: m.author, createdAt: m.createdAt })),
      });
      maxSeq = Math.max(maxSeq, res.maxSeq);
      summary.pushed += batch.length;
      const byClass = new Map<string | undefined, Map<string, PushResult>>();
      const classOf = new Map(batch.map((x) => [x.m.id, x.classId]));
      for (const r of res.results) {
        if (!classOf.has(r.id)) continue;
        const classId = classOf.get(r.id);
        const answer = r.status === 'duplicate' ? r.first : r;
        if (answer.status === 'accepted') summary.accepted++;
        else summary.rejected++;
        const m = byClass.get(classId) ?? new Map<string, PushResult>();
        m.set(r.id, r);
        byClass.set(classId, m);
      }
      for (const [classId, results] of byClass) await this.markAnswers(classId, results);
    }
    if (maxSeq >= school.workstation.nextMutationSeq) {
      // An old backup restored here: never issue an id the server has already seen.
      await this.core.store.updateSchool((d) => {
        d.workstation.nextMutationSeq = Math.max(d.workstation.nextMutationSeq, maxSeq + 1);
      });
    }
  }

  /** Accepted: the mutation leaves the partition (school-wide ones: school.json). Rejected: it stays, with the reason. */
  private async markAnswers(classId: string | undefined, results: Map<string, PushResult>): Promise<void> {
    const at = this.core.now().toISOString();
    const keep = (d: Pick<ClassData, 'mutations'>) => {
      d.mutations = d.mutations.filter((m) => {
        const r = results.get(m.id);
        if (!r) return true;
        const answer = r.status === 'duplicate' ? r.first : r;
        if (answer.status === 'accepted') return false;
        m.rejected = { reason: answer.reason, at };
        return true;
      });
    };
    if (classId === undefined) {
      await this.core.store.updateSchool((d) => keep(d));
      this.known.delete(SCHOOL_PARTITION);
      return;
    }
    await this.core.store.updateClass(classId, (d) => keep(d));
    this.known.delete(classPartition(classId));
  }

  // ------------------------------------------------------------ audit head

  /**
   * The end of this workstation's audit log goes to the central system with every sync
   * (protocol §5.2), with the heads its log says it had before each restore it recorded. The
   * answer is kept: a log that came back shorter or different is shown until it is explained.
   * A central system that does not know the method (older) is not an error.
   */
  private async reportAuditHead(client: CentralClient): Promise<void> {
    const school = await this.core.store.school();
    const st = school.sync!;
    const head = await this.core.audit.head();
    const restores = (await this.core.audit.all())
      .filter((e) => e.action === BACKUP_RESTORED && typeof e.details?.headBeforeHash === 'string')
      .map((e) => ({ count: Number(e.details!.headBeforeCount), hash: String(e.details!.headBeforeHash) }))
      .filter((h) => Number.isInteger(h.count) && h.count >= 0 && /^[0-9a-f]{64}$/.test(h.hash));
    let answer;
    try {
      answer = await client.auditHead({ v: PROTOCOL_VERSION, schoolId: st.schoolId, workstationId: school.workstation.id, head: { count: head.count, hash: head.hash, at: head.at }, restores: restores.slice(-1000) });
    } catch (e) {
      if (e instanceof CentralHttpError && e.status === 404) return;
      throw e;
    }
    const at = this.core.now().toISOString();
    await this.core.store.updateSchool((d) => {
      if (!d.sync) return;
      if (answer.ok) delete d.sync.auditHeadProblem;
      else d.sync.auditHeadProblem = { message: answer.problem ?? 'Журнал действий рабочего места не совпадает с тем, что видела центральная система.', at };
    });
  }

  // ------------------------------------------------------------ pull

  private async pull(client: CentralClient, summary: SyncRunSummary, report: (p: Progress) => void): Promise<Record<string, PartitionHash> | null> {
    let st = (await this.core.store.school()).sync!;
    let cursor = st.cursor;
    const startSeq = st.cursorSeq;
    let resets = 0;
    let batch = new Map<string, PartRow[]>();
    let batchRows = 0;
    /**
     * The batch being written, while the pages after it are read and checked: its files are fsynced
     * meanwhile, which used to keep the event loop waiting. One at a time: a batch is written (and the
     * cursor moved) only once the one before is on disk, so the cursor still moves in order.
     */
    let writing: Promise<void> | null = null;
    const write = async (full: Map<string, PartRow[]>, to: number, at: string, gen: number) => {
      if (writing) await writing;
      writing = this.applyBatch(full, to, at, gen);
      // Its failure is thrown where it is awaited (the next batch, the end, a reset), not as unhandled.
      writing.catch(() => undefined);
    };
    // Pages are fetched ahead while the ones before are checked and written (pagePrefetch.ts); a
    // page's rows are read only when its turn comes (client.ts).
    const prefetch = (since: string) => new PagePrefetch<PullAnswer>((from, early) => client.pull(st.schoolId, from, this.o.pullLimit, early), since, this.o.pullAhead);
    let pages = prefetch(cursor);
    try {
      for (;;) {
        const out = await pages.take();
        summary.wireBytes += out.wireBytes;
        if (out.reset) {
          if (++resets > 1) throw new CentralHttpError(200, 'bad_answer', 'Центральная система дважды потребовала начать синхронизацию заново. Синхронизация будет повторена позже.');
          summary.reset = true;
          const reset = out.reset;
          // The batch on its way moves the cursor when it is written: before the reset moves it back.
          if (writing) await writing;
          writing = null;
          await this.core.store.updateSchool((d) => {
            if (!d.sync) return;
            d.sync.cursor = reset.cursor;
            d.sync.cursorSeq = 0;
            d.sync.gen += 1;
            delete d.sync.schoolMeta;
          });
          this.known.clear();
          st = (await this.core.store.school()).sync!;
          cursor = st.cursor;
          batch = new Map();
          batchRows = 0;
          pages.stop();
          pages = prefetch(cursor);
          continue;
        }
        const { page, hashes } = out.read();
        // Checked whole before anything of it joins the batch: a refused page ends this pull, and the
        // batch gathered so far is not written (the cursor stays where the batches before left it).
        const checked = checkPage(page, hashes);
        if ('problem' in checked) throw new PullRefusedError(checked.problem);
        for (const [part, rows] of checked.ok) {
          const list = batch.get(part);
          if (!list) batch.set(part, rows);
          else for (const row of rows) list.push(row);
        }
        batchRows += page.rows.length;
        summary.pulled += page.rows.length;
        if (batchRows >= this.o.batchRows || !page.more) {
          await write(batch, page.to, page.cursor, st.gen);
          batch = new Map();
          batchRows = 0;
        }
        const base = summary.reset ? 0 : startSeq;
        report({ done: Math.max(0, page.to - base), total: Math.max(1, page.head - base), label: 'Получение журнала' });
        if (!page.more) {
          await writing;
          return page.hashes ?? null;
        }
        cursor = page.cursor;
      }
    } finally {
      pages.stop();
      // A pull that failed still ends only once the batch on its way is written (or failed).
      await (writing as Promise<void> | null)?.catch(() => undefined);
    }
  }

  private async applyBatch(batch: Map<string, PartRow[]>, to: number, cursor: string, gen: number): Promise<void> {
    const hlcs: string[] = [];
    // A few partitions at a time: one's file is read or fsynced while another is encoded.
    await eachLimited([...batch.keys()], this.o.writeConcurrency, async (key) => {
      const rows = batch.get(key)!;
      const p = parsePartition(key);
      if (!p || p.scope === 'school') return;
      if (p.scope === 'journal') {
        const cur = await this.core.store.journal(p.yearId, p.classId);
        if (cur.syncMeta?.gen === gen && rows.every((r) => r.seq <= cur.syncMeta!.seq)) return; // applied before a crash
        const meta = await this.core.store.updateJournal(p.yearId, p.classId, (d) => {
          const r = applyRows(d, 'journal', rows, to, d.syncMeta, { gen, protectedKeys: new Set(), trackHash: true });
          d.syncMeta = r.meta;
          return r.meta;
        });
        if (meta.hash) this.known.set(key, meta.hash);
      } else {
        const cur = await this.core.store.classData(p.classId);
        if (cur.syncMeta?.gen === gen && rows.every((r) => r.seq <= cur.syncMeta!.seq)) return;
        const got = await this.core.store.updateClass(p.classId, (d) => {
          const r = applyRows(d, 'class', rows, to, d.syncMeta, { gen, protectedKeys: protectedOf(d), trackHash: false });
          d.syncMeta = r.meta;
          return r.hlcs;
        });
        hlcs.push(...got);
        this.known.delete(key);
      }
    });
    const schoolRows = batch.get(SCHOOL_PARTITION) ?? [];
    const nowMs = this.core.now().getTime();
    await this.core.store.updateSchool((d) => {
      if (!d.sync) return;
      if (schoolRows.length > 0) {
        const r = applyRows(d, 'school', schoolRows, to, d.sync.schoolMeta, { gen, protectedKeys: protectedOf(d), trackHash: false });
        d.sync.schoolMeta = r.meta;
      }
      d.sync.cursor = cursor;
      d.sync.cursorSeq = to;
      const latest = hlcs.filter((h) => parseHlc(h) !== null).sort().at(-1);
      if (latest) {
        try {
          d.workstation.lastHlc = receiveHlc(d.workstation.lastHlc, latest, nowMs, d.workstation.id);
        } catch {
          // a remote clock far ahead: do not follow it
        }
      }
    });
    if (schoolRows.length > 0) this.known.delete(SCHOOL_PARTITION);
  }

  // ------------------------------------------------------------ verify and repair

  /** The local hash of a partition: server-owned entities, without those of unanswered mutations. */
  private async localHash(key: string): Promise<{ hash: string; count: number }> {
    const p = parsePartition(key);
    if (!p) return EMPTY_PARTITION;
    if (p.scope === 'journal') {
      const j = await this.core.store.journal(p.yearId, p.classId);
      const gen = (await this.core.store.school()).sync?.gen ?? 0;
      if (j.syncMeta && j.syncMeta.gen === gen && j.syncMeta.hash !== undefined && j.syncMeta.count !== undefined) return { hash: j.syncMeta.hash, count: j.syncMeta.count };
      return partitionHash(j, 'journal');
    }
    if (p.scope === 'class') {
      const c = await this.core.store.classData(p.classId);
      return partitionHash(c, 'class', protectedOf(c));
    }
    const school = await this.core.store.school();
    return partitionHash(school, 'school', protectedOf(school));
  }

  private async verify(client: CentralClient, hashes: Record<string, PartitionHash>, summary: SyncRunSummary, report: (p: Progress) => void): Promise<void> {
    const school = await this.core.store.school();
    const keys = new Set<string>(Object.keys(hashes));
    keys.add(SCHOOL_PARTITION);
    for (const c of school.classes) {
      keys.add(classPartition(c.id));
      keys.add(journalPartition(c.yearId, c.id));
    }
    const list = [...keys].sort();
    let done = 0;
    for (const key of list) {
      report({ done: done++, total: list.length, label: 'Проверка данных' });
      const server = hashes[key] ?? EMPTY_PARTITION;
      if (this.known.get(key) === server.hash) continue;
      const local = await this.localHash(key);
      if (local.hash === server.hash) {
        this.known.set(key, server.hash);
        continue;
      }
      const marker = `${key}@${server.hash}`;
      if (this.repairFailed.has(marker)) continue;
      await this.repair(client, key);
      summary.repaired.push(key);
      const after = await this.localHash(key);
      if (after.hash === server.hash) this.known.set(key, server.hash);
      else {
        // The server moved on meanwhile, or this version cannot store something it sends: try again next time.
        this.repairFailed.add(marker);
        this.core.log(`sync: partition ${key} still differs after repair`);
      }
    }
  }

  private async repair(client: CentralClient, key: string): Promise<void> {
    const school = await this.core.store.school();
    const st = school.sync!;
    const snap = await client.partition(st.schoolId, key);
    const p = parsePartition(key);
    if (!p) return;
    const gen = st.gen;
    this.known.delete(key);
    if (p.scope === 'journal') {
      const meta = await this.core.store.updateJournal(p.yearId, p.classId, (d) => {
        d.syncMeta = replaceWithSnapshot(d, 'journal', snap.rows, snap.to, d.syncMeta, { gen, protectedKeys: new Set(), trackHash: true });
        return d.syncMeta;
      });
      if (meta.hash) this.known.set(key, meta.hash);
    } else if (p.scope === 'class') {
      await this.core.store.updateClass(p.classId, (d) => {
        d.syncMeta = replaceWithSnapshot(d, 'class', snap.rows, snap.to, d.syncMeta, { gen, protectedKeys: protectedOf(d), trackHash: false });
      });
    } else {
      await this.core.store.updateSchool((d) => {
        if (!d.sync) return;
        d.sync.schoolMeta = replaceWithSnapshot(d, 'school', snap.rows, snap.to, d.sync.schoolMeta, { gen, protectedKeys: protectedOf(d), trackHash: false });
      });
    }
  }
}

// ------------------------------------------------------------ the core's engine

/** The sync engine of an app (the core owns it). */
export function syncEngineOf(core: Core): SyncEngine {
  return core.sync;
}

/** Sets the options of an app's engine before it is used (tests: a transport, no background). */
export function configureSync(core: Core, opts: Partial<SyncEngineOptions>): SyncEngine {
  const e = syncEngineOf(core);
  e.configure(opts);
  return e;
}
