/**
 * The files this process holds open under a folder (Linux: /proc/self/fd). A test that opens a data
 * folder ends with none: a file handle left to the garbage collector is closed there with Node's
 * DEP0137 warning, in whichever test file of the same worker runs at that moment.
 */
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';

export function openFilesUnder(dir: string): string[] {
  const real = realpathSync(dir);
  const prefix = real.endsWith(sep) ? real : real + sep;
  return openFilesWhere((target) => target.startsWith(prefix));
}

/** The files this process holds open whose path `match` accepts. */
export function openFilesWhere(match: (target: string) => boolean): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed meanwhile (the descriptor readdir itself used)
    }
    if (match(target)) out.push(target);
  }
  return out.sort();
}
