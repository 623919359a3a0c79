import { z } from 'zod';
import { Id, PersonName } from './common.js';
import { ROLES } from '../roles.js';

export const Login = z
  .string()
  .trim()
  .min(3, 'Логин — не короче 3 символов')
  .max(40, 'Логин — не длиннее 40 символов')
  .regex(/^[a-z0-9._-]+$/i, 'Логин: латинские буквы, цифры, точка, дефис, подчёркивание');

/** The shortest password a person may set (issue 13); the other rules are in core/auth/passwordRules.ts. */
export const PASSWORD_MIN_LENGTH = 10;

/**
 * A password a person sets (setup, a change, the administrator's temporary one). Only the length is
 * checked here; the core refuses common passwords, the login, the name and the previous password.
 */
/**
 * What the password fields say about the rules (the same rules as the core's, in short). It is part
 * of the field's label, so it names no other field («Логин», «Имя»…): a label must find one field.
 */
export const PASSWORD_HINT =
  'Не подойдут часто используемые пароли (12345678, qwerty, parol…), пароли с ФИО или учётной записью владельца и прежний пароль. Надёжнее всего — три-четыре не связанных слова.';

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Пароль — не короче ${PASSWORD_MIN_LENGTH} символов`)
  .max(200, 'Пароль слишком длинный');

export const RoleSchema = z.enum(ROLES);

/** A user as the UI sees it: never the password hash. */
export const UserView = z.object({
  id: Id,
  login: z.string(),
  name: PersonName,
  role: RoleSchema,
  classIds: z.array(Id),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().optional(),
  /** Blocked as compromised since this moment: no login until the administrator reopens it. */
  blockedSince: z.string().optional(),
  /** Every compromise report of the account, open and closed (never erased). */
  compromises: z.array(z.object({ from: z.string(), recordedAt: z.string(), reopenedAt: z.string().optional() })),
});
export type UserView = z.infer<typeof UserView>;
