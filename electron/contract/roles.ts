export const ROLES = ['admin', 'director', 'deputy', 'office', 'teacher'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Администратор',
  director: 'Директор',
  deputy: 'Заместитель директора',
  office: 'Канцелярия',
  teacher: 'Классный руководитель',
};

/** Roles that see every class of the school (a class teacher sees only his classes). */
export const SCHOOL_WIDE_ROLES: readonly Role[] = ['admin', 'director', 'deputy', 'office'];
