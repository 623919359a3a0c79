import type { Core } from '../core.js';
import { assertNewPassword } from './passwordRules.js';

/**
 * Before the administrator gives an account a new (temporary) password: the password follows the
 * rules of a new password for that person (auth/passwordRules.ts; not his current or previous one),
 * and his current password is kept as the previous one — it may be the one an adversary learned,
 * so the password the user sets after the reset must not be it. Keeping it is harmless if the reset
 * then fails: the previous hash only refuses a password. An unknown id is left to the caller.
 */
export async function checkPasswordForReset(core: Core, userId: string, password: string): Promise<void> {
  const user = (await core.store.school()).users.find((u) => u.id === userId);
  if (!user) return;
  await assertNewPassword(
    { password, login: user.login, name: user.name, previousHashes: [user.passwordHash, user.previousPasswordHash] },
    'password',
  );
  // A reset that follows a reset (the temporary password never used) keeps the user's own password.
  if (user.mustChangePassword && user.previousPasswordHash) return;
  await core.store.updateSchool((d) => {
    const u = d.users.find((x) => x.id === userId);
    if (u) u.previousPasswordHash = u.passwordHash;
  });
}
