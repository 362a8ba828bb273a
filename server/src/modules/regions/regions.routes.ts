import { Router } from 'express';
import { listRegionsQuerySchema, regionTree, type Region } from '@tongxin/shared';
import { parseInput } from '../../platform/validation';

/**
 * The region tree is public reference data (names and codes of administrative areas), served to
 * anyone, cacheable. Without filters it answers the city and its county-level divisions.
 */
export function regionsRouter(): Router {
  const router = Router();
  router.get('/api/v1/regions', (req, res) => {
    const query = parseInput(listRegionsQuerySchema, req.query);
    let regions: readonly Region[] = regionTree();
    if (query.parentCode) regions = regions.filter((r) => r.parentCode === query.parentCode);
    if (query.level) regions = regions.filter((r) => r.level === query.level);
    if (!query.parentCode && !query.level) regions = regions.filter((r) => r.level === 'city' || r.level === 'division');
    res.set('cache-control', 'public, max-age=3600').json({ items: regions });
  });
  return router;
}
