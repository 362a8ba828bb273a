import WebSocket from 'ws';

/** A child process's live heap, read through its inspector (`--inspect=127.0.0.1:<port>`). */
export interface HeapProbe {
  /** Bytes in use on the JavaScript heap right after a full garbage collection: what is really held. */
  liveBytes(): Promise<number>;
  close(): void;
}

/**
 * Connects to the inspector of a process started with `--inspect=127.0.0.1:<port>`. Heap figures of
 * another process are otherwise only its resident size, which a lazy collector inflates with garbage.
 */
export async function connectHeapProbe(port: number): Promise<HeapProbe> {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as Array<{ webSocketDebuggerUrl: string }>;
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 0;
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: Record<string, unknown> };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
    if (message.id !== undefined) waiting.delete(message.id);
  });
  const call = (method: string) => new Promise<Record<string, unknown>>((resolve) => {
    nextId += 1;
    waiting.set(nextId, resolve);
    socket.send(JSON.stringify({ id: nextId, method }));
  });
  return {
    async liveBytes() {
      await call('HeapProfiler.collectGarbage');
      return (await call('Runtime.getHeapUsage')).usedSize as number;
    },
    close: () => socket.close(),
  };
}
