import type { School } from '../../contract/entities/school.js';
import { randomPerson } from './names.js';
import type { Rng } from './rng.js';

/** A fictional municipal school: «МБОУ СОШ № 17 г. Энска». */
const TOWNS: readonly (readonly [string, string, string])[] = [
  ['Энск', 'Энска', '3'],
  ['Зареченск', 'Зареченска', '4'],
  ['Новоозёрск', 'Новоозёрска', '8'],
  ['Берёзовск', 'Берёзовска', '4'],
  ['Краснохолмск', 'Краснохолмска', '8'],
];
const STREETS = ['Школьная', 'Садовая', 'Молодёжная', 'Лесная', 'Советская', 'Центральная', 'Пионерская', 'Ломоносова'];

export function buildSchool(rng: Rng): School {
  const [town, townGen, code] = rng.pick(TOWNS);
  const no = rng.int(2, 48);
  const d = () => rng.int(0, 9);
  return {
    id: `school${no}`,
    name: `Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № ${no}» г. ${townGen}`,
    shortName: `МБОУ СОШ № ${no} г. ${townGen}`,
    address: `${code}${d()}${d()}${d()}${d()}${d()}, г. ${town}, ул. ${rng.pick(STREETS)}, д. ${rng.int(1, 60)}`,
    phone: `+7 (${code}${d()}${d()}) ${d()}${d()}-${d()}${d()}-${d()}${d()}`,
    director: randomPerson(rng, rng.chance(0.7) ? 'f' : 'm', 'adult'),
  };
}
