import { findRegion, regionTree } from '@tongxin/shared';

describe('regionTree', () => {
  const tree = regionTree();

  it('when built, then it holds the city, 20 divisions, hundreds of streets and thousands of communities', () => {
    const count = (level: string) => tree.filter((r) => r.level === level).length;
    expect(count('city')).toBe(1);
    expect(count('division')).toBe(20);
    expect(count('street')).toBeGreaterThan(200);
    expect(count('community')).toBeGreaterThan(2500);
  });

  it('when built twice, then codes, names and centres are identical (deterministic)', () => {
    const again = JSON.parse(JSON.stringify(tree));
    expect(again).toEqual(JSON.parse(JSON.stringify(regionTree())));
    expect(findRegion('510104001001')).toEqual(tree.find((r) => r.code === '510104001001'));
  });

  it('when walked, then every child points at an existing parent and codes extend the parent code', () => {
    for (const region of tree) {
      if (region.parentCode === null) continue;
      const parent = findRegion(region.parentCode);
      expect(parent).toBeDefined();
      if (region.level !== 'division') expect(region.code.startsWith(region.parentCode)).toBe(true);
    }
  });

  it('when named, then names are unique among siblings', () => {
    const seen = new Set<string>();
    for (const r of tree) {
      const key = `${r.parentCode}/${r.name}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });
});
