// A child process of `bench:donations`: runs the burst's donors (see donors.ts) so that their HTTP
// clients and notification signing do not share the measured API's core, as load-process.ts does for
// the other benchmarks. Talks to the parent over IPC only.
import { Donors, runBurst, type BurstPlan, type SandboxSigning } from './donors';

interface BurstMessage { baseUrl: string; campaignId: string; signing: SandboxSigning; plan: BurstPlan }

process.on('message', (message: BurstMessage) => {
  const donors = new Donors(message.baseUrl, message.campaignId, message.signing, message.plan.concurrency + 20);
  const cpu0 = process.cpuUsage();
  runBurst(donors, message.plan)
    .then(async (result) => {
      const cpu = process.cpuUsage(cpu0);
      await donors.agent.close();
      process.send!({ result: { ...result, cpuMs: (cpu.user + cpu.system) / 1000 } });
    })
    .catch((error: unknown) => process.send!({ error: String(error) }));
});
process.on('disconnect', () => process.exit(0));
