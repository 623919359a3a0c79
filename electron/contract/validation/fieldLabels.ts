/**
 * The Russian name of every field of the contract's inputs, as a person sees it on a form: the
 * validation messages say «Поле «Причина» …», never a key or a schema's own words. A dotted
 * suffix ('deferral.reason') names a field where its key alone is ambiguous. Keep it whole: a
 * unit test checks that every key of every method's input is here.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  admin: 'Администратор',
  base64: 'Файл',
  body: 'Содержание документа',
  categories: 'Категории',
  cell: 'Ячейка',
  centralUrl: 'Адрес центральной системы',
  channels: 'Способы связи',
  classId: 'Класс',
  classIds: 'Классы',
  code: 'Код',
  confirmEarly: 'Подтверждение досрочной отметки',
  contentHash: 'Отпечаток выписки',
  current: 'Текущий пароль',
  date: 'Дата',
  days: 'Период в днях',
  decision: 'Решение',
  deferral: 'Отсрочка',
  disabled: 'Учётная запись отключена',
  documentId: 'Документ',
  dueOn: 'Срок отсрочки',
  email: 'Электронная почта',
  entryIds: 'Отметки',
  extractSections: 'Разделы выписки',
  finalMarkDeadlineDays: 'Срок доведения итоговых отметок',
  firstName: 'Имя',
  forecast: 'Настройки прогноза',
  format: 'Формат файла',
  from: 'Дата начала',
  guardianId: 'Законный представитель',
  id: 'Запись',
  idleLockMinutes: 'Блокировка при простое',
  ids: 'Записи',
  invalidOnly: 'Только недействительные',
  issuedBy: 'Кем выдан паспорт',
  issuedOn: 'Дата выдачи паспорта',
  items: 'Список',
  kind: 'Вид',
  knownOn: 'Дата получения результата',
  lastName: 'Фамилия',
  lessonsPerMark: 'Уроков на одну отметку',
  limit: 'Число записей',
  login: 'Логин',
  maxAbsenceShare: 'Доля пропусков',
  middleName: 'Отчество',
  mime: 'Тип файла',
  minMarks: 'Наименьшее число отметок',
  mode: 'Режим',
  na: 'Вес «н/а»',
  name: 'ФИО',
  next: 'Новый пароль',
  note: 'Примечание',
  number: 'Номер паспорта',
  offset: 'Начало страницы',
  ownConsent: 'Согласие ученика',
  passport: 'Паспорт',
  password: 'Пароль',
  pendingOnly: 'Только ожидающие',
  periodId: 'Период',
  periodKey: 'Период',
  phone: 'Телефон',
  publishedOn: 'Дата доведения до семьи',
  reason: 'Причина',
  'deferral.reason': 'Причина отсрочки',
  refusalId: 'Аннулируемый отказ',
  report: 'Отчёт',
  requestId: 'Запрос',
  role: 'Роль',
  roundUpFrom: 'Порог округления',
  scan: 'Скан документа',
  schoolName: 'Название школы',
  sections: 'Разделы',
  series: 'Серия паспорта',
  signedOn: 'Дата документа',
  signerId: 'Кто подписал',
  signerKind: 'Кто подписал',
  sou: 'Веса СОУ',
  source: 'Вид заявления',
  state: 'Состояние',
  studentId: 'Ученик',
  studentIds: 'Ученики',
  subjectId: 'Предмет',
  targetId: 'Документ',
  text: 'Текст заявления',
  to: 'Дата окончания',
  typeWeights: 'Веса видов работ',
  updateUrl: 'Адрес обновлений',
  userId: 'Пользователь',
  value: 'Отметка',
  w1: 'Вес «1»',
  w2: 'Вес «2»',
  w3: 'Вес «3»',
  w4: 'Вес «4»',
  w5: 'Вес «5»',
  weekOf: 'Неделя',
};

/**
 * The label of the field a path points to, or null. The longest labelled suffix of the path's
 * keys wins; array indexes and record keys are skipped: `items.3.guardianId` is «Законный представитель».
 */
export function fieldLabel(path: readonly PropertyKey[]): string | null {
  const keys = path.filter((k): k is string => typeof k === 'string');
  for (let end = keys.length; end > 0; end--) {
    for (let start = 0; start < end; start++) {
      const suffix = keys.slice(start, end).join('.');
      if (Object.hasOwn(FIELD_LABELS, suffix)) return FIELD_LABELS[suffix]!;
    }
  }
  return null;
}
