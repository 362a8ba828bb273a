module.exports = async function globalTeardown() {
  // Stops only what the setup started; services that were already running stay up.
  await globalThis.__tongxinServices?.stop();
  globalThis.__tongxinServices = undefined;
};
