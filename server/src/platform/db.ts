import mongoose, { type Connection, type Model, type Schema } from 'mongoose';

// User input can never smuggle operators ($-objects are wrapped in $eq) and a misspelled filter
// field throws instead of silently matching everything.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
mongoose.set('autoIndex', false);

export type { Connection };

export interface StoreOptions {
  uri: string;
  dbName: string;
  /** Emit command events on the client (benchmarks count store commands with them). */
  monitorCommands?: boolean;
}

/** Opens a connection of its own (no global mongoose state), so several apps can share a process in tests. */
export async function connectStore({ uri, dbName, monitorCommands = false }: StoreOptions): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    maxPoolSize: 20,
    monitorCommands,
  });
  await connection.asPromise();
  return connection;
}

/** The connection's model of this name, compiled from `schema` on first use (one model per connection and name). */
export function modelOf<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

/** Creates every index the models declare; called once at start-up, not per request. */
export async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) await model.createIndexes();
}

export async function pingStore(connection: Connection): Promise<boolean> {
  try {
    await connection.db?.admin().ping();
    return connection.readyState === 1;
  } catch {
    return false;
  }
}

const UNAVAILABLE_ERROR_NAMES = /^(Mongo(ose)?ServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoNotConnectedError|MongoTopologyClosedError|MongoPoolClearedError)$/;

/** True for errors that mean the store cannot be reached right now (a retry may succeed), not a bad operation. */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof Error && (UNAVAILABLE_ERROR_NAMES.test(error.name) || /buffering timed out/.test(error.message));
}
