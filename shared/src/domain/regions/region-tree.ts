import divisionsData from './chengdu-divisions.json';
import { hashSeed, seededRandom } from './seeded-random';

export type RegionLevel = 'city' | 'division' | 'street' | 'community';

/** A node of the city's administrative tree; `centre` is [lat, lng] in WGS-84 degrees. */
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  centre: [number, number];
  /** Residents, known for the city and its county-level divisions only. */
  population?: number;
}

interface Division {
  code: string;
  name: string;
  kind: 'district' | 'county' | 'city';
  core: boolean;
  centre: number[];
  population: number;
  spreadKm: number;
}

/** Residents per street or town: Chengdu has about 260 of them for 21 million people. */
const RESIDENTS_PER_STREET = 80_000;
const KM_PER_DEGREE_LAT = 111.32;

const NAME_HEADS = ['春熙', '玉林', '望江', '锦城', '芙蓉', '桂溪', '红星', '金沙', '草堂', '浣花', '青龙', '白鹭', '双桥',
  '和平', '光华', '府南', '东湖', '西岭', '龙潭', '柳城', '永宁', '太平', '新华', '石羊', '万福', '长顺', '文殊', '抚琴',
  '驷马', '荷花', '梧桐', '银杏', '安康', '同心', '幸福', '吉祥', '临江', '清泉', '翠竹', '映山'];
const COMMUNITY_TAILS = ['', '东', '西', '南', '北', '新', '中', '上', '下'];

function scatter(random: () => number, centre: number[], radiusKm: number): [number, number] {
  const [lat = 0, lng = 0] = centre;
  const distance = radiusKm * Math.sqrt(random());
  const angle = random() * 2 * Math.PI;
  const dLat = (distance * Math.cos(angle)) / KM_PER_DEGREE_LAT;
  const dLng = (distance * Math.sin(angle)) / (KM_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  return [Number((lat + dLat).toFixed(5)), Number((lng + dLng).toFixed(5))];
}

function uniqueName(taken: Set<string>, candidate: string, suffix: string): string {
  let name = candidate + suffix;
  for (let n = 2; taken.has(name); n++) name = `${candidate}${n}${suffix}`;
  taken.add(name);
  return name;
}

function buildDivision(division: Division, regions: Region[]): void {
  const random = seededRandom(hashSeed(division.code));
  regions.push({
    code: division.code,
    name: division.name,
    level: 'division',
    parentCode: divisionsData.city.code,
    centre: [division.centre[0] ?? 0, division.centre[1] ?? 0],
    population: division.population,
  });
  const streetCount = Math.max(6, Math.round(division.population / RESIDENTS_PER_STREET));
  const streetNames = new Set<string>();
  for (let s = 1; s <= streetCount; s++) {
    const streetCode = `${division.code}${String(s).padStart(3, '0')}`;
    const head = NAME_HEADS[Math.floor(random() * NAME_HEADS.length)] ?? '同心';
    const urban = division.core || s <= streetCount / 3;
    const streetCentre = scatter(random, division.centre, division.spreadKm);
    regions.push({
      code: streetCode,
      name: uniqueName(streetNames, head, urban ? '街道' : '镇'),
      level: 'street',
      parentCode: division.code,
      centre: streetCentre,
    });
    const communityCount = 8 + Math.floor(random() * 12);
    const communityNames = new Set<string>();
    for (let c = 1; c <= communityCount; c++) {
      const tail = COMMUNITY_TAILS[Math.floor(random() * COMMUNITY_TAILS.length)] ?? '';
      const communityHead = NAME_HEADS[Math.floor(random() * NAME_HEADS.length)] ?? '幸福';
      regions.push({
        code: `${streetCode}${String(c).padStart(3, '0')}`,
        name: uniqueName(communityNames, communityHead + tail, urban || random() < 0.3 ? '社区' : '村'),
        level: 'community',
        parentCode: streetCode,
        centre: scatter(random, streetCentre, Math.min(2, division.spreadKm / 4)),
      });
    }
  }
}

let cached: readonly Region[] | undefined;

/**
 * The whole region tree (city, 20 county-level divisions, streets/towns, communities/villages),
 * generated deterministically from the divisions' facts: the same codes and names on every machine.
 * Street codes are 9 digits and community codes 12, following the national statistical code layout.
 */
export function regionTree(): readonly Region[] {
  if (cached) return cached;
  const { city } = divisionsData;
  const regions: Region[] = [{
    code: city.code,
    name: city.name,
    level: 'city',
    parentCode: null,
    centre: [city.centre[0] ?? 0, city.centre[1] ?? 0],
    population: divisionsData.divisions.reduce((sum, d) => sum + d.population, 0),
  }];
  for (const division of divisionsData.divisions as Division[]) buildDivision(division, regions);
  cached = Object.freeze(regions);
  return cached;
}

let byCode: Map<string, Region> | undefined;

export function findRegion(code: string): Region | undefined {
  byCode ??= new Map(regionTree().map((r) => [r.code, r]));
  return byCode.get(code);
}

/** The 6-digit county-level division a street or community belongs to. */
export function divisionCodeOf(code: string): string {
  return code.slice(0, 6);
}

export const CITY_CODE = divisionsData.city.code;
