// Types for the plain-JavaScript services library (it runs before dependencies are installed).
export interface RunningServices {
  mongoUri: string;
  redisUrl: string;
  /** Stops only what this call started. */
  stop(): Promise<void>;
}

export function ensureServices(options?: { log?: (line: string) => void }): Promise<RunningServices>;

export function startFerretDb(options?: { port?: number; dataDir?: string; backend?: 'sqlite' | 'postgresql'; log?: (line: string) => void }):
  Promise<{ uri: string; port: number; pid: number; stop(): Promise<void> }>;

export function startRedis(options?: { port?: number }): Promise<{ url: string; port: number; pid: number; stop(): Promise<void> }>;

export function freePort(): Promise<number>;
