import { z } from 'zod';
import { method } from '../method.js';
import { Id, PersonName } from '../entities/common.js';
import { Login, Password, RoleSchema, UserView } from '../entities/users.js';

const ADMIN = ['admin'] as const;
/** Who records «логин стал известен посторонним» for any account: the director, a deputy, or the administrator on the director's word. */
const COMPROMISE_RECORDERS = ['director', 'deputy', 'admin'] as const;

export const users = {
  list: method({ title: 'Список пользователей', access: COMPROMISE_RECORDERS, input: z.object({}), output: z.array(UserView) }),
  create: method({
    title: 'Создание пользователя',
    access: ADMIN,
    input: z.object({ login: Login, name: PersonName, role: RoleSchema, classIds: z.array(Id).max(20), password: Password }),
    output: UserView,
  }),
  update: method({
    title: 'Изменение пользователя',
    access: ADMIN,
    input: z.object({ id: Id, name: PersonName, role: RoleSchema, classIds: z.array(Id).max(20), disabled: z.boolean() }),
    output: UserView,
  }),
  /** Also reopens an account blocked as compromised: the password is one-time, changed at the next login. */
  resetPassword: method({
    title: 'Сброс пароля',
    access: ADMIN,
    input: z.object({ id: Id, password: Password }),
    output: UserView,
  }),
  reportCompromised: method({
    title: 'Компрометация учётной записи',
    access: COMPROMISE_RECORDERS,
    input: z.object({
      userId: Id,
      /** When the director received the information; default now. */
      from: z.string().datetime({ offset: true, message: 'Укажите дату и время, когда руководитель получил информацию (ДД.ММ.ГГГГ ЧЧ:ММ)' }).optional(),
      note: z.string().trim().max(500, 'Примечание — не длиннее 500 символов').optional(),
    }),
    output: z.object({ user: UserView, invalidatedOperations: z.number().int() }),
  }),
};
