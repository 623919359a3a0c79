/**
 * A small export of a made-up school from another source («sgo»), as files to write in a folder
 * or a ZIP; tests change one file at a time to make each kind of bad input.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';

export type Files = Record<string, string>;

export function sampleExport(): Files {
  return {
    'manifest.csv': ['key;value;from;to', 'format;1;;', 'source;sgo;;', 'source_name;Сетевой город. Образование;;', 'exported_at;20.11.2026 12:00;;', 'complete;students;;', 'complete;marks;2026-09-01;2026-09-30', ''].join('\r\n'),
    'years.csv': 'id;name;start;end\r\n2026;2026/2027 учебный год;01.09.2026;31.05.2027\r\n',
    'periods.csv': 'id;year_id;scheme;index;name;start;end\r\nq1;2026;четверти;1;1 четверть;01.09.2026;30.10.2026\r\n',
    'teachers.csv': 'id;last_name;first_name;middle_name;position\r\n501;Семёнова;Ольга;Петровна;учитель математики\r\n',
    'subjects.csv': 'id;name;short_name\r\n11;Математика;Матем.\r\n12;Русский язык;\r\n',
    'classes.csv': 'id;year_id;grade;letter;name;class_teacher_id;period_scheme\r\n77;2026;5;А;5А;501;четверти\r\n',
    'students.csv': 'id;class_id;last_name;first_name;middle_name;birth_date;gender;enrolled_on\r\n1001;77;Ёлкин;Пётр;Ильич;02.03.2015;м;\r\n1002;77;Евдокимова;Алёна;;19.07.2015;ж;01.09.2022\r\n',
    'guardians.csv': 'id;student_id;relation;last_name;first_name;middle_name\r\n9001;1001;мама;Ёлкина;Мария;Ивановна\r\n9001;1002;мама;Ёлкина;Мария;Ивановна\r\n',
    'contacts.csv': 'id;student_id;signer_id;signed_on;phone;email;channels;source\r\nc1;1001;9001;01.09.2026;+7 900 000-00-01;;sms paper;письменно\r\n',
    'lessons.csv': 'id;class_id;group;date;lesson_no;subject_id;teacher_id;topic;type;homework;homework_due\r\n' + 'L1;77;;01.09.2026;1;11;501;Натуральные числа;;§ 1, № 5;03.09.2026\r\nL2;77;1 группа;02.09.2026;2;11;501;Сложение;контрольная работа;;\r\n',
    'marks.csv': 'id;lesson_id;student_id;value;scale;weight;work\r\nm1;L1;1001;5-;;1;Ответ на уроке\r\nm2;L1;1002;8;10;2,5;\r\nm3;L2;1001;Н;;;\r\nm4;L2;1002;зач;;;\r\n',
    'attendance.csv': 'id;lesson_id;student_id;code\r\na1;L1;1002;УП\r\na2;L2;1002;ОП\r\n',
    'final_marks.csv': 'id;student_id;subject_id;period_id;value\r\nf1;1001;11;q1;5\r\nf2;1002;11;year:2026;н/а\r\n',
    'diary_views.csv': 'guardian_id;student_id;at\r\n9001;1001;05.09.2026 19:30\r\n',
  };
}

/** Writes the files into a folder; a file whose value is a Buffer is written as it is. */
export function writeFolder(dir: string, files: Record<string, string | Buffer>, encoding: 'utf8' | 'win1251' = 'utf8'): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), typeof text === 'string' ? (encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1251')) : text);
  return dir;
}

/** A minimal ZIP writer (deflate) for tests: entries with any names, even `../x.csv`. */
export function zipOf(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const comp = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
    offset += local.length + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
