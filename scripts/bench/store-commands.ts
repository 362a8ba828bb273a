// Counts the store commands a benchmark window sends, by command and collection, with their
// durations (the driver's command monitoring; the connection must be opened with
// MONGODB_MONITOR_COMMANDS=true). Counts do not depend on machine load, unlike wall-clock rates.
import type { Connection } from 'mongoose';

interface Tally {
  count: number;
  /** Documents carried (inserts) or statements (updates, deletes). */
  items: number;
  totalMs: number;
  failed: number;
}

export interface CommandFigures {
  command: string;
  count: number;
  perUnit: number;
  items: number;
  meanMs: number;
  totalMs: number;
  failed: number;
}

interface StartedEvent { requestId: number; commandName: string; command: Record<string, unknown> }
interface FinishedEvent { requestId: number; duration: number }

const BOOKKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'saslStart', 'saslContinue', 'endSessions', 'buildInfo']);

function describe(event: StartedEvent): { key: string; items: number } {
  const { commandName, command } = event;
  const target = commandName === 'getMore' ? command.collection : command[commandName];
  const collection = typeof target === 'string' ? target : '-';
  const items = Array.isArray(command.documents) ? command.documents.length
    : Array.isArray(command.updates) ? command.updates.length
      : Array.isArray(command.deletes) ? command.deletes.length : 1;
  return { key: `${commandName} ${collection}`, items };
}

/** Listens from construction; `reset()` opens a window, `report(units)` closes it. */
export class StoreCommandCounter {
  private readonly tallies = new Map<string, Tally>();
  private readonly pending = new Map<number, string>();
  private counting = false;

  constructor(connection: Connection) {
    const client = connection.getClient();
    client.on('commandStarted', (event: StartedEvent) => {
      if (!this.counting || BOOKKEEPING.has(event.commandName)) return;
      const { key, items } = describe(event);
      const tally = this.tallies.get(key) ?? { count: 0, items: 0, totalMs: 0, failed: 0 };
      tally.count += 1;
      tally.items += items;
      this.tallies.set(key, tally);
      this.pending.set(event.requestId, key);
    });
    const finish = (failed: boolean) => (event: FinishedEvent) => {
      const key = this.pending.get(event.requestId);
      if (key === undefined) return;
      this.pending.delete(event.requestId);
      const tally = this.tallies.get(key)!;
      tally.totalMs += event.duration;
      if (failed) tally.failed += 1;
    };
    client.on('commandSucceeded', finish(false));
    client.on('commandFailed', finish(true));
  }

  reset(): void {
    this.tallies.clear();
    this.pending.clear();
    this.counting = true;
  }

  /** Commands of the window, most frequent first, with counts per `units` (e.g. per paid gift). */
  report(units: number): { perUnit: number; commands: CommandFigures[] } {
    this.counting = false;
    const commands = [...this.tallies.entries()].map(([command, t]) => ({
      command, count: t.count, perUnit: Number((t.count / Math.max(1, units)).toFixed(3)), items: t.items,
      meanMs: Number((t.totalMs / Math.max(1, t.count)).toFixed(2)), totalMs: Math.round(t.totalMs), failed: t.failed,
    })).sort((a, b) => b.count - a.count);
    const total = commands.reduce((sum, c) => sum + c.count, 0);
    return { perUnit: Number((total / Math.max(1, units)).toFixed(2)), commands };
  }
}
