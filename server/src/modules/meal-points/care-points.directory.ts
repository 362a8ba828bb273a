import type { Logger } from '../../platform/logger';
import type { Redis } from '../../platform/redis';
import { GridIndex, type Nearby } from './care-map.index';
import type { MealPointRecord, MealPointsRepository } from './meal-points.repository';

export interface IndexedPoint {
  id: string;
  location: { lat: number; lng: number };
  point: MealPointRecord;
}

/**
 * Every meal point and service station in memory (10,000 points is a few MB), in a grid index for
 * the care map and by id for bookings. Loaded from the store on first use; a write on any replica
 * publishes the point's id on Redis and every replica reloads that one point by `_id`.
 */
export class CarePointsDirectory {
  private readonly index = new GridIndex<IndexedPoint>();
  private loading: Promise<void> | null = null;
  private subscriber: Redis | null = null;

  constructor(
    private readonly repository: MealPointsRepository,
    private readonly redis: Redis,
    /** Opens a connection of its own for the subscription (a subscribed connection takes no other commands). */
    private readonly connectSubscriber: () => Promise<Redis>,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  /** Subscribes to other replicas' changes; call once per process. */
  async listen(): Promise<void> {
    if (this.subscriber) return;
    this.subscriber = await this.connectSubscriber();
    this.subscriber.on('error', (error: unknown) => this.logger.warn({ err: error }, 'care points subscriber error; ioredis reconnects'));
    this.subscriber.on('message', (_channel: string, pointId: string) => {
      this.reload(pointId).catch((error: unknown) => this.logger.warn({ err: error, pointId }, 'care point reload failed'));
    });
    await this.subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
    this.subscriber = null;
  }

  /** Applies a write here and tells the other replicas. */
  async changed(point: MealPointRecord): Promise<void> {
    if (this.loading) this.put(point);
    await this.redis.publish(this.channel, point._id.toHexString());
  }

  async get(id: string): Promise<MealPointRecord | null> {
    await this.ready();
    return this.index.get(id)?.point ?? (await this.reload(id));
  }

  /** The `limit` nearest points within `radiusKm`, nearest first (every one when no limit is given). */
  async near(center: { lat: number; lng: number }, radiusKm: number, limit = Infinity): Promise<Array<Nearby<IndexedPoint>>> {
    await this.ready();
    return this.index.within(center, radiusKm, undefined, limit);
  }

  get size(): number {
    return this.index.size;
  }

  ready(): Promise<void> {
    this.loading ??= (async () => {
      for await (const point of this.repository.all()) this.put(point);
      this.logger.info({ points: this.index.size }, 'care points loaded');
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async reload(id: string): Promise<MealPointRecord | null> {
    const point = await this.repository.findById(id);
    if (point) this.put(point);
    else this.index.remove(id);
    return point;
  }

  private put(point: MealPointRecord): void {
    this.index.upsert({ id: point._id.toHexString(), location: point.location, point });
  }
}
