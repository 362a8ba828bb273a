import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import { createStatsExportSchema, statsExportIdParamsSchema, statsExportQuerySchema, statsExportTableParamsSchema } from '@tongxin/shared';
import { actorOf } from '../../../platform/actor';
import { parseInput } from '../../../platform/validation';
import type { CsvDownload, StatsExports } from './exports.service';


/** Streams a CSV into the response; a failure after the first byte can only cut the connection. */
async function sendCsv(res: Response, { filename, body }: CsvDownload): Promise<void> {
  res.attachment(filename).type('text/csv; charset=utf-8').setHeader('Cache-Control', 'no-store');
  await pipeline(body, res);
}

/** Mounted after the statistics router's `authenticate`. */
export function statsExportsRouter(exports: StatsExports): Router {
  const router = Router();

  /** Small tables, streamed now: `/api/v1/stats/exports/overview.csv?areaCode=&from=&to=`. */
  router.get('/api/v1/stats/exports/:table.csv', async (req, res) => {
    const { table } = parseInput(statsExportTableParamsSchema, req.params);
    await sendCsv(res, exports.stream(actorOf(res), table, parseInput(statsExportQuerySchema, req.query)));
  });

  router.post('/api/v1/stats/exports', async (req, res) => {
    res.status(202).json(await exports.request(actorOf(res), parseInput(createStatsExportSchema, req.body)));
  });

  router.get('/api/v1/stats/exports/:id', async (req, res) => {
    res.json(await exports.status(actorOf(res), parseInput(statsExportIdParamsSchema, req.params).id));
  });

  router.get('/api/v1/stats/exports/:id/download', async (req, res) => {
    await sendCsv(res, await exports.download(actorOf(res), parseInput(statsExportIdParamsSchema, req.params).id));
  });

  return router;
}
