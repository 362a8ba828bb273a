// Brings up the store and Redis once for all integration test files (or reuses configured ones);
// each file then isolates itself with its own database name and Redis prefix.
module.exports = async function globalSetup() {
  if (globalThis.__tongxinServices) return;
  const { ensureServices } = await import('../../scripts/lib/services-lib.mjs');
  const log = (line) => process.stderr.write(`[services] ${line}\n`);
  const services = await ensureServices({ log });
  // Fault tests start and kill FerretDB instances of their own, even when the shared store is external.
  const { ensureFerretDbBinary } = await import('../../scripts/lib/ferretdb.mjs');
  await ensureFerretDbBinary({ log });
  process.env.MONGODB_URI = services.mongoUri;
  process.env.REDIS_URL = services.redisUrl;
  globalThis.__tongxinServices = services;
};
