// A child process of a benchmark: runs the closed-loop load it is sent (`runLoad`) and answers with
// its figures, so the generator's own CPU is not spent on the core of the API it measures.
// Talks to the parent over IPC only.
import { runLoad, type LoadRequest } from './load';

interface RunMessage { baseUrl: string; concurrency: number; requests: LoadRequest[] }

process.on('message', (message: RunMessage) => {
  runLoad(message.baseUrl, message.concurrency, message.requests)
    .then((result) => process.send!({ result }))
    .catch((error: unknown) => process.send!({ error: String(error) }));
});
process.on('disconnect', () => process.exit(0));
