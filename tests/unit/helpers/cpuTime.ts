/**
 * CPU time of this process (user + system, every thread), in milliseconds, spent while `work`
 * runs. A speed check on CPU time holds on a busy machine, where wall time grows with the load
 * (the suite shares two cores with everything else) but the work done does not.
 */
export function cpuMs<T>(work: () => T): { result: T; ms: number } {
  const before = process.cpuUsage();
  const result = work();
  const spent = process.cpuUsage(before);
  return { result, ms: (spent.user + spent.system) / 1000 };
}
