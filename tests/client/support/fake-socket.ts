/**
 * A Socket.IO client double: records what the app emits, lets the test deliver server events and
 * drop/restore the connection. The realtime client under test is the app's own.
 */
export class FakeSocket {
  connected = false;
  active = true;
  emitted: Array<{ event: string; payload: unknown }> = [];
  private listeners = new Map<string, Array<(payload: unknown) => void>>();

  on(event: string, listener: (payload: unknown) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  timeout() {
    return { emit: (event: string, payload: unknown) => this.emitted.push({ event, payload }) };
  }
  disconnect() {
    this.connected = false;
  }
  deliver(event: string, payload?: unknown) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}
