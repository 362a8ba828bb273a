/**
 * @jest-environment node
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import taro from './support/taro-api';
import { TaroSocketAdapter, TaroWebSocketTransport, type RealtimeSocket } from '@/services/socket.weapp';
import { RealtimeClient } from '@/services/realtime';

/**
 * The mini-program transport against a real Socket.IO server: `Taro.connectSocket` is played by a
 * real WebSocket (the `ws` package) behind the SocketTask interface WeChat gives, so engine.io's
 * frames, the handshake with the token, acknowledgements and reconnects all really happen.
 */
interface FakeTask {
  send(options: { data: string | ArrayBuffer }): void;
  close(options: { code?: number }): void;
  onOpen(cb: () => void): void;
  onMessage(cb: (r: { data: string | ArrayBuffer }) => void): void;
  onError(cb: (e: unknown) => void): void;
  onClose(cb: (r: { code: number; reason: string }) => void): void;
}

const opened: string[] = [];
const closedTasks: Array<{ url: string; code: number }> = [];

function taskOver(url: string): FakeTask {
  const ws = new WebSocket(url);
  // A SocketTask reports errors through onError only; nothing may throw out of the socket.
  ws.on('error', () => undefined);
  opened.push(url);
  return {
    send: ({ data }) => ws.send(data),
    close: ({ code }) => {
      closedTasks.push({ url, code: code ?? 1000 });
      ws.close(code);
    },
    onOpen: (cb) => ws.on('open', cb),
    onMessage: (cb) => ws.on('message', (data, isBinary) => cb({ data: isBinary ? (data as Buffer).buffer as ArrayBuffer : data.toString() })),
    onError: (cb) => ws.on('error', cb),
    onClose: (cb) => ws.on('close', (code, reason) => cb({ code, reason: reason.toString() })),
  };
}

let http: HttpServer;
let server: Server;
let origin: string;
const watches: string[] = [];

beforeAll(async () => {
  taro.connectSocket = async ({ url }) => taskOver(url);
  http = createServer();
  server = new Server(http, { transports: ['websocket'] });
  server.use((socket, next) => (socket.handshake.auth.token === 'good-token' ? next() : next(Object.assign(new Error('unauthenticated'), { data: { code: 'UNAUTHENTICATED' } }))));
  server.on('connection', (socket) => {
    socket.on('campaign:watch', (payload: { campaignId: string }, ack: (r: unknown) => void) => {
      watches.push(payload.campaignId);
      void socket.join(`campaign:${payload.campaignId}`);
      ack({ ok: true, data: undefined });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const connectWith = (token: string) =>
  io(origin, { transports: [TaroWebSocketTransport], auth: { token }, reconnectionDelay: 50, reconnectionDelayMax: 100 }) as unknown as RealtimeSocket;

describe('Socket.IO over Taro.connectSocket (mini-program transport)', () => {
  it('connects through a SocketTask, sends the token in the handshake, and carries acknowledgements and room events', async () => {
    const socket = connectWith('good-token');
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      expect(opened.at(-1)).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket\.io\/\?EIO=4&transport=websocket/);
      const ack = await socket.timeout(2_000).emitWithAck('campaign:watch', { campaignId: 'c1' });
      expect(ack).toEqual({ ok: true });
      const tally = new Promise((resolve) => socket.on('campaign:tally', resolve));
      server.to('campaign:c1').emit('campaign:tally', { campaignId: 'c1', raisedFen: 100, donorCount: 1, matchedFen: 0, goalFen: 1000, seq: 1 });
      expect(await tally).toMatchObject({ campaignId: 'c1', raisedFen: 100, seq: 1 });
    } finally {
      socket.disconnect();
    }
  });

  it('reports a refused handshake as connect_error with the server code', async () => {
    const socket = connectWith('bad-token');
    try {
      const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.on('connect_error', resolve));
      expect(error.data?.code).toBe('UNAUTHENTICATED');
    } finally {
      socket.disconnect();
    }
  });

  it('with the realtime client: after the connection drops it reconnects, watches its rooms again and asks for a catch-up', async () => {
    const client = new RealtimeClient(() => connectWith('good-token'));
    const resyncs: number[] = [];
    client.onResync(() => resyncs.push(Date.now()));
    const before = watches.length;
    const leave = client.watch({ kind: 'campaign', id: 'c2' });
    const live = () => new Promise<void>((resolve) => {
      if (client.state === 'live') resolve();
      const stop = client.onState((s) => s === 'live' && (stop(), resolve()));
    });
    try {
      await live();
      await waitFor(() => watches.length === before + 1);
      // Drop the transport from the server side, as a network change would.
      for (const s of server.sockets.sockets.values()) s.conn.close();
      await waitFor(() => resyncs.length === 1);
      await waitFor(() => watches.filter((w) => w === 'c2').length === 2);
      expect(client.state).toBe('live');
    } finally {
      leave();
      client.restart();
    }
  });

  it('closes the task when closed before connectSocket handed it over', async () => {
    let hand: (task: FakeTask) => void = () => undefined;
    taro.connectSocket = () => new Promise((resolve) => (hand = resolve));
    const url = `${origin}/socket.io/?EIO=4&transport=websocket&late=1`;
    const adapter = new TaroSocketAdapter(url, undefined);
    let opens = 0;
    adapter.onopen = () => (opens += 1);
    adapter.close();
    hand(taskOver(url));
    await waitFor(() => closedTasks.some((c) => c.url === url));
    expect(closedTasks.find((c) => c.url === url)?.code).toBe(1000);
    expect(opens).toBe(0);
    taro.connectSocket = async ({ url }) => taskOver(url);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
