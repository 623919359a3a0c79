import { z } from 'zod';
import { Id, PersonName } from './common.js';
import { ROLES } from '../roles.js';

export const Login = z
  .string()
  .trim()
  .min(3, 'Логин — не короче 3 символов')
  .max(40, 'Логин — не длиннее 40 символов')
  .regex(/^[a-z0-9._-]+$/i, 'Логин: латинские буквы, цифры, точка, дефис, подчёркивание');

export const Password = z.string().min(8, 'Пароль — не короче 8 символов').max(200, 'Пароль слишком длинный');

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
  compromisedAt: z.string().optional(),
});
export type UserView = z.infer<typeof UserView>;
