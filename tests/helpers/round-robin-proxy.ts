import net from 'node:net';

export interface RoundRobinProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Connections handed to each backend so far, in backend order. */
  counts: number[];
  close(): Promise<void>;
}

const SESSION_IN_URL = /^[A-Z]+ \/socket\.io\/\?[^ ]*\bsid=([\w-]+)/;
const SESSION_IN_HANDSHAKE = /"sid":"([\w-]+)"/;

/**
 * A TCP load balancer for tests: each new connection goes to the next backend in turn, so HTTP
 * requests without keep-alive alternate between replicas and a WebSocket stays on the replica it
 * reached. Like a production balancer configured for Socket.IO (README, "Scaling out"), it is
 * sticky for Engine.IO long-polling only: a request naming a session id goes to the replica that
 * answered that session's handshake, learnt from the handshake's answer.
 */
export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  const targets = backends.map((url) => new URL(url));
  const counts = targets.map(() => 0);
  const sessions = new Map<string, number>();
  const open = new Set<net.Socket>();
  let next = 0;

  const server = net.createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first: Buffer) => {
      const head = first.subarray(0, 512).toString('latin1');
      const session = SESSION_IN_URL.exec(head)?.[1];
      const index = (session !== undefined ? sessions.get(session) : undefined) ?? next++ % targets.length;
      counts[index]! += 1;
      const target = targets[index]!;
      const upstream = net.connect(Number(target.port), target.hostname);
      open.add(upstream);
      upstream.once('close', () => open.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      if (session === undefined && head.includes(' /socket.io/')) {
        upstream.once('data', (answer: Buffer) => {
          const sid = SESSION_IN_HANDSHAKE.exec(answer.toString('latin1'))?.[1];
          if (sid) sessions.set(sid, index);
        });
      }
      upstream.write(first);
      client.pipe(upstream).pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () => new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
