import type { ChainableCommander } from 'ioredis';
import type { DonorLineView } from '@tongxin/shared';
import type { Redis } from '../../platform/redis';

/** What a board shows for a donor who gave anonymously (as the recent-donations feed does). */
export const ANONYMOUS_DONOR = '爱心人士';

/** A donor board in Redis: a sorted set of user id → net fen, and a hash of user id → the name shown. */
export interface BoardKeys {
  board: string;
  names: string;
}

/** A donor's line while a board is rebuilt from a ledger; `donorName` is '' until a gift names it. */
export interface DonorLine {
  /** Net of refunds; fen. */
  amountFen: number;
  donorName: string;
}

/**
 * Lua shared by the scripts that move or read a board (the campaign tally's, a team's).
 * `board_add`: a donor who ever gave anonymously stays 爱心人士, since a later named gift would put a
 * name to the earlier anonymous amount; a line refunded to nothing leaves the board (its name stays, so
 * that rule still holds if they give again). `board_top`: the top n ids with scores, and their names.
 */
export const BOARD_LUA = `
local function board_add(board, names, member, fen, name)
  if tonumber(redis.call('ZINCRBY', board, fen, member)) <= 0 then redis.call('ZREM', board, member) end
  if name ~= '' and redis.call('HGET', names, member) ~= '${ANONYMOUS_DONOR}' then redis.call('HSET', names, member, name) end
end
local function board_top(board, names, n)
  local flat = redis.call('ZREVRANGE', board, 0, n - 1, 'WITHSCORES')
  local ids = {}
  for i = 1, #flat, 2 do ids[#ids + 1] = flat[i] end
  if #ids == 0 then return {flat, {}} end
  return {flat, redis.call('HMGET', names, unpack(ids))}
end
`;

/** What `board_top` returns, as ioredis hands it over. */
export type BoardTopReply = [string[], Array<string | null>];

export function toLines([flat, names]: BoardTopReply): DonorLineView[] {
  const lines: DonorLineView[] = [];
  for (let i = 0; i < flat.length; i += 2) lines.push({ donorName: names[i / 2] ?? ANONYMOUS_DONOR, amountFen: Number(flat[i + 1]) });
  return lines;
}

const TOP = `${BOARD_LUA}
return board_top(KEYS[1], KEYS[2], tonumber(ARGV[1]))`;

/** The board's top `n` lines, highest first. */
export async function readTop(redis: Redis, keys: BoardKeys, n: number): Promise<DonorLineView[]> {
  return toLines((await redis.eval(TOP, 2, keys.board, keys.names, n)) as BoardTopReply);
}

/** Every line's fen as Redis holds it (to compare with a rebuilt board). */
export async function readScores(redis: Redis, board: string): Promise<Map<string, number>> {
  const flat = await redis.zrange(board, 0, -1, 'WITHSCORES');
  const scores = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 2) scores.set(flat[i]!, Number(flat[i + 1]));
  return scores;
}

/** Adds one ledger entry to a board being rebuilt: the same rules as `board_add`; `name` is '' for refunds. */
export function addToLine(lines: Map<string, DonorLine>, userId: string, fen: number, name: string): void {
  const line = lines.get(userId) ?? { amountFen: 0, donorName: '' };
  line.amountFen += fen;
  if (name !== '' && line.donorName !== ANONYMOUS_DONOR) line.donorName = name;
  lines.set(userId, line);
}

/** Whether Redis holds exactly the rebuilt board's lines (those above 0). */
export function sameScores(lines: ReadonlyMap<string, DonorLine>, live: ReadonlyMap<string, number>): boolean {
  let listed = 0;
  for (const [userId, line] of lines) {
    if (line.amountFen <= 0) continue;
    listed += 1;
    if (live.get(userId) !== line.amountFen) return false;
  }
  return listed === live.size;
}

/** Queues the overwrite of a board with rebuilt lines (lines at 0 keep only their name, as `board_add` leaves them). */
export function writeBoard(batch: ChainableCommander, keys: BoardKeys, lines: ReadonlyMap<string, DonorLine>): void {
  batch.del(keys.board, keys.names);
  for (const [userId, line] of lines) {
    if (line.amountFen > 0) batch.zadd(keys.board, line.amountFen, userId);
    if (line.donorName !== '') batch.hset(keys.names, userId, line.donorName);
  }
}
