// A child process of `bench:donations`: holds a share of the Socket.IO watchers of one campaign
// (websocket transport only, one engine connection each) and records when each `campaign:tally`
// arrives. At the end the parent sends the time each seq was applied on the server; this process
// answers with one latency sample per (watcher, event): from the earliest payment the event newly
// carries to its arrival. Talks to the parent over IPC only.
import { io, type Socket } from 'socket.io-client';

interface StartMessage { type: 'start'; url: string; campaignId: string; tokens: string[] }
interface ReportMessage { type: 'report'; appliedAt: Array<[number, number]> }
type ParentMessage = StartMessage | ReportMessage;

const CONNECT_WAVE = 100;
const now = () => performance.timeOrigin + performance.now();

const sockets: Socket[] = [];
/** Per watcher: [seq, arrival epoch ms] in arrival order. */
const arrivals: Array<Array<[number, number]>> = [];

function connectOne(url: string, token: string, campaignId: string, slot: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: 60_000 });
    const seen: Array<[number, number]> = [];
    arrivals[slot] = seen;
    socket.on('campaign:tally', (event: { seq: number }) => seen.push([event.seq, now()]));
    socket.once('connect_error', () => resolve(false));
    socket.once('connect', () => {
      socket.timeout(60_000).emit('campaign:watch', { campaignId }, (err: unknown, ack: { ok: boolean } | undefined) => resolve(!err && ack?.ok === true));
    });
    sockets.push(socket);
  });
}

async function start({ url, campaignId, tokens }: StartMessage): Promise<void> {
  let connected = 0;
  for (let i = 0; i < tokens.length; i += CONNECT_WAVE) {
    const wave = await Promise.all(tokens.slice(i, i + CONNECT_WAVE).map((t, k) => connectOne(url, t, campaignId, i + k)));
    connected += wave.filter(Boolean).length;
  }
  process.send!({ type: 'ready', connected, failed: tokens.length - connected });
}

function report({ appliedAt }: ReportMessage): void {
  const applied = new Map(appliedAt);
  const samples: Array<[number, number]> = [];
  for (const seen of arrivals) {
    let previous = -Infinity;
    for (const [seq, at] of seen ?? []) {
      // The earliest gift this event carries that the watcher had not seen yet.
      let earliest = Infinity;
      for (let s = Math.max(previous + 1, seq - 5000); s <= seq; s++) {
        const t = applied.get(s);
        if (t !== undefined && t < earliest) earliest = t;
      }
      if (earliest !== Infinity) samples.push([seq, Math.round((at - earliest) * 10) / 10]);
      previous = Math.max(previous, seq);
    }
  }
  for (const socket of sockets) socket.close();
  process.send!({ type: 'samples', samples }, () => process.exit(0));
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'start') void start(message);
  else report(message);
});
