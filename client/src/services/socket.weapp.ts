import Taro from '@tarojs/taro';
import { io } from 'socket.io-client';
// From engine.io-client itself: socket.io-client re-exports it only from its ES module build.
import { WebSocket as WebSocketTransport } from 'engine.io-client';
import { ApiError } from './api-error';
import { SOCKET_ORIGIN } from './endpoints';
import { realtimeOptions, recoverExpiredSession, type RealtimeSocket } from './socket-options';

export type { RealtimeSocket } from './socket-options';

type MessageData = string | ArrayBuffer;

/**
 * The slice of the browser WebSocket API that engine.io's websocket transport uses, over a Taro
 * SocketTask. `Taro.connectSocket` hands the task over asynchronously, so a close requested
 * before then is applied once it arrives.
 */
export class TaroSocketAdapter {
  binaryType = 'arraybuffer';
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: MessageData }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  private task: Taro.SocketTask | null = null;
  private closeRequested = false;

  constructor(url: string, protocols: string | string[] | undefined) {
    Taro.connectSocket({ url, protocols: typeof protocols === 'string' ? [protocols] : protocols })
      .then((task) => this.attach(task))
      .catch((error: unknown) => {
        this.onerror?.(error);
        this.onclose?.({ code: 1006, reason: 'connectSocket failed' });
      });
  }

  send(data: MessageData): void {
    // engine.io writes only after `onopen`, when the task exists.
    this.task?.send({ data });
  }

  close(): void {
    this.closeRequested = true;
    this.task?.close({ code: 1000 });
  }

  private attach(task: Taro.SocketTask): void {
    this.task = task;
    if (this.closeRequested) {
      task.close({ code: 1000 });
      return;
    }
    task.onOpen(() => this.onopen?.());
    task.onMessage(({ data }) => this.onmessage?.({ data }));
    task.onError((error) => this.onerror?.(error));
    task.onClose(({ code, reason }) => this.onclose?.({ code, reason }));
  }
}

/** Socket.IO's websocket transport with the socket made by Taro instead of the missing global WebSocket. */
export class TaroWebSocketTransport extends WebSocketTransport {
  override createSocket(uri: string, protocols: string | string[] | undefined): TaroSocketAdapter {
    return new TaroSocketAdapter(uri, protocols);
  }
}

/**
 * Opens the realtime connection, in the mini-program: websocket only (no XHR for long-polling),
 * to the absolute wss:// origin of the configured API.
 */
export function connectRealtime(): RealtimeSocket {
  if (SOCKET_ORIGIN === undefined) throw ApiError.client('NOT_CONFIGURED');
  return recoverExpiredSession(io(SOCKET_ORIGIN, { ...realtimeOptions(), transports: [TaroWebSocketTransport] }));
}
