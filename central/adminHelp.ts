/**
 * What `npm run central:admin -- help` prints: the commands in Russian, for the administrator (the
 * comment at the top of central/admin.ts says the same in English, for the developers).
 */
export const ADMIN_HELP = `Администрирование центральной системы: npm run central:admin -- <команда> [--параметр значение …]

  create-school --id sch1 --name "МБОУ СОШ № 1"      создать школу
  issue-code --school sch1 [--hours 72]              одноразовый код подключения рабочего места
  load-demo [--school id] [--seed n] [--students n] [--as-of ГГГГ-ММ-ДД] [--density x]
                                                     загрузить демонстрационную школу
  add-marks --school sch1 --count 100 [--changed n] [--deleted n] [--class id] [--seed n]
                                                     добавить демонстрационные отметки
  list-schools                                       список школ
  list-workstations --school sch1                    рабочие места школы
  revoke --school sch1 --workstation ws              отключить рабочее место
  purge-tombstones --school sch1 --older-than-days 90
                                                     удалить следы удалённых записей старше срока
  count --school sch1                                число записей школы по видам
  show-entity --school sch1 --part class/c5a --kind document --id …
                                                     показать одну запись
  compromises --school sch1                          сообщения о компрометации учётных записей
  import --school sch1 <папка или ZIP> [--dry-run]   загрузить выгрузку (docs/exchange-format.md)
  export --school sch1 <папка>                       выгрузить школу в формате обмена
  import-class-list --school sch1 <файл.xlsx или .csv> [--dry-run]
                                                     загрузить список классов; с --dry-run —
                                                     только показать столбцы и первые строки

База данных: --db <postgres://…> (или EZHD_CENTRAL_DB), либо --data <папка PGlite>
(или EZHD_CENTRAL_DATA; по умолчанию .data/central). Если центральная система уже запущена
на этой папке, команда передаётся ей.`;
