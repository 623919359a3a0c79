import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_KINDS, ACTION_LABELS, actionLabel, actionMatches, kindOf } from '../../../electron/core/audit/actionLabels.js';
import { BACKUP_RESTORED, CHAIN_BROKEN, HEAD_STARTED } from '../../../electron/core/audit/auditEntry.js';

/** Every `action: 'group.method'` the code records (core.record, audit.append), found in the sources. */
function recordedActions(): Set<string> {
  const out = new Set<string>([HEAD_STARTED, CHAIN_BROKEN, BACKUP_RESTORED]);
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/action:\s*'([a-z]+\.[a-zA-Z]+)'/g)) out.add(m[1]!);
    }
  };
  walk(join(import.meta.dirname, '../../../electron'));
  return out;
}

describe('the Russian label of every audited action', () => {
  it('every action the code records has a label and a kind in the table (add it to audit/actionLabels.ts)', () => {
    const actions = recordedActions();
    expect(actions.size).toBeGreaterThan(30);
    const missing = [...actions].filter((a) => !ACTION_LABELS[a] || !ACTION_KINDS[kindOf(a)]);
    expect(missing).toEqual([]);
  });

  it.each([
    ['registry.register', 'Регистрация документа'],
    ['auth.compromised', 'Логин стал известен посторонним'],
    ['backup.restored', 'Восстановление из резервной копии'],
    ['audit.chainBroken', 'Нарушение журнала: записи удалены или подменены'],
    // Not in the table: the contract method's title.
    ['stats.overview', 'Статистика: сводка'],
    // Not a method at all: the path as it is.
    ['unknown.thing', 'unknown.thing'],
  ])('%s → %s', (action, label) => {
    expect(actionLabel(action)).toBe(label);
  });

  it.each([
    ['registry.register', 'registry', true],
    ['registry.register', 'registry.register', true],
    ['registry.register', 'registry.form', false],
    ['registry.register', 'reg', false],
    ['auth.login', 'auth', true],
  ])('%s under the filter %s: %s', (action, kind, yes) => {
    expect(actionMatches(action, kind)).toBe(yes);
  });
});
