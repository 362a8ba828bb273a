import type { DomainEventBus } from '../domain-events';
import type { MealPointUse } from './meals/meal-point-use';
import type { UnfilledNeedsBoard } from './unfilled/unfilled-board';

/** Keeps the dashboard's lists current between refreshes from the store, from the modules' domain events. */
export function followDashboardLists(events: DomainEventBus, board: UnfilledNeedsBoard, meals: MealPointUse): void {
  events.subscribe('need:posted', (e) => board.posted({
    needId: e.needId, title: e.title, communityCode: e.communityCode, postedAt: e.at, shiftPlaces: e.shiftPlaces,
  }));
  events.subscribe('need:cancelled', (e) => board.cancelled(e));
  events.subscribe('meal:closed', (e) => meals.closed(e));
}
