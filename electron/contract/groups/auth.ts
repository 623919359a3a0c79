import { z } from 'zod';
import { method } from '../method.js';
import { PersonName } from '../entities/common.js';
import { Login, Password, UserView } from '../entities/users.js';

export const SessionView = z.object({
  user: UserView,
  locked: z.boolean(),
  idleLockMinutes: z.number(),
});
export type SessionView = z.infer<typeof SessionView>;

export const AppStatus = z.object({
  /** The data folder is empty: the first start asks for an administrator or the demo school. */
  needsSetup: z.boolean(),
  schoolName: z.string().optional(),
  demo: z.boolean(),
  session: SessionView.nullable(),
});
export type AppStatus = z.infer<typeof AppStatus>;

export const auth = {
  status: method({ title: 'Состояние программы', access: 'public', input: z.object({}), output: AppStatus }),
  setup: method({
    title: 'Первый запуск',
    access: 'public',
    input: z.discriminatedUnion('mode', [
      z.object({
        mode: z.literal('empty'),
        schoolName: z.string().trim().min(3, 'Укажите название школы').max(300),
        admin: z.object({ login: Login, password: Password, name: PersonName }),
      }),
      z.object({ mode: z.literal('demo') }),
    ]),
    output: AppStatus,
  }),
  login: method({
    title: 'Вход',
    access: 'public',
    input: z.object({ login: z.string().trim().min(1, 'Введите логин').max(40), password: z.string().min(1, 'Введите пароль').max(200) }),
    output: SessionView,
  }),
  logout: method({ title: 'Выход', access: 'public', input: z.object({}), output: z.object({}) }),
  unlock: method({
    title: 'Разблокировка сеанса',
    access: 'public',
    input: z.object({ password: z.string().min(1, 'Введите пароль').max(200) }),
    output: SessionView,
  }),
  /** Activity from the UI (keys, clicks) keeps the session from locking. */
  touch: method({ title: 'Активность', access: 'public', input: z.object({}), output: z.object({ locked: z.boolean() }) }),
  changePassword: method({
    title: 'Смена пароля',
    access: 'public',
    input: z.object({ current: z.string().min(1).max(200), next: Password }),
    output: SessionView,
  }),
  reportCompromised: method({
    title: 'Сообщение о компрометации учётной записи',
    access: 'authenticated',
    input: z.object({ note: z.string().trim().max(500, 'Примечание — не длиннее 500 символов').optional() }),
    output: z.object({ invalidatedOperations: z.number() }),
  }),
};
