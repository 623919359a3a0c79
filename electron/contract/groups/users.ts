import { z } from 'zod';
import { method } from '../method.js';
import { Id, PersonName } from '../entities/common.js';
import { Login, Password, RoleSchema, UserView } from '../entities/users.js';

const ADMIN = ['admin'] as const;

export const users = {
  list: method({ title: 'Список пользователей', access: ADMIN, input: z.object({}), output: z.array(UserView) }),
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
  resetPassword: method({
    title: 'Сброс пароля',
    access: ADMIN,
    input: z.object({ id: Id, password: Password }),
    output: UserView,
  }),
};
