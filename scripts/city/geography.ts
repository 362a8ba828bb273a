import { regionTree, type Region } from '@tongxin/shared';
import { CityRandom, WeightedPicker } from './random';

const KM_PER_DEGREE_LAT = 111.32;

export interface Home {
  lat: number;
  lng: number;
  communityCode: string;
  districtCode: string;
}

/**
 * Where people live: a county-level division drawn in proportion to its census population, one of its
 * communities, then a point scattered within about 1.5 km of the community's centre (closer ones more
 * likely), rounded to 3 decimals (~100 m) as volunteer profiles store it.
 */
export class CityGeography {
  readonly divisions: readonly Region[];
  readonly communities: readonly Region[];
  private readonly divisionPicker: WeightedPicker<Region>;
  private readonly communitiesOf = new Map<string, Region[]>();

  constructor() {
    const tree = regionTree();
    this.divisions = tree.filter((r) => r.level === 'division');
    this.communities = tree.filter((r) => r.level === 'community');
    for (const community of this.communities) {
      const division = community.code.slice(0, 6);
      const list = this.communitiesOf.get(division) ?? [];
      list.push(community);
      this.communitiesOf.set(division, list);
    }
    this.divisionPicker = new WeightedPicker(this.divisions, (d) => d.population ?? 0);
  }

  /** A community drawn by population: its division by census population, then uniformly inside it. */
  community(random: CityRandom): Region {
    const division = this.divisionPicker.pick(random);
    return random.pick(this.communitiesOf.get(division.code)!);
  }

  /** A community of the given county-level division, uniformly. */
  communityIn(random: CityRandom, districtCode: string): Region {
    return random.pick(this.communitiesOf.get(districtCode)!);
  }

  home(random: CityRandom): Home {
    const community = this.community(random);
    const [lat, lng] = scatter(random, community.centre, 1.5);
    return { lat, lng, communityCode: community.code, districtCode: community.code.slice(0, 6) };
  }

  /** A point in the community (a need's place), about 500 m around its centre. */
  pointIn(random: CityRandom, community: Region): { lat: number; lng: number } {
    const [lat, lng] = scatter(random, community.centre, 0.5);
    return { lat, lng };
  }
}

function scatter(random: CityRandom, centre: readonly [number, number], radiusKm: number): [number, number] {
  const distance = radiusKm * Math.abs(random.normal()) / 2;
  const angle = random.float() * 2 * Math.PI;
  const dLat = (distance * Math.cos(angle)) / KM_PER_DEGREE_LAT;
  const dLng = (distance * Math.sin(angle)) / (KM_PER_DEGREE_LAT * Math.cos((centre[0] * Math.PI) / 180));
  return [Math.round((centre[0] + dLat) * 1000) / 1000, Math.round((centre[1] + dLng) * 1000) / 1000];
}
