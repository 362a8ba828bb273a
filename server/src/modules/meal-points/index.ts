import type { RequestHandler } from 'express';
import type { MealCode } from '@tongxin/shared';
import type { DueIndex } from '../../platform/due-index';
import { PiiCipher } from '../../platform/pii-cipher';
import { connectRedis } from '../../platform/redis';
import { RotatingCodes } from '../../platform/rotating-codes';
import type { ModuleDeps } from '../module-deps';
import { MealBookingsRepository } from './bookings/meal-bookings.repository';
import { mealBookingsRouter } from './bookings/meal-bookings.routes';
import { MealBookingsService, type BookingHooks } from './bookings/meal-bookings.service';
import { MealPlaces, mealPool } from './bookings/meal-places';
import { MealDeliveries } from './bookings/meal-deliveries';
import { MealReminders, type MealInbox } from './bookings/meal-reminders';
import { WelfareChecks, type WelfarePorts } from './bookings/welfare-checks';
import { CarePointsDirectory } from './care-points.directory';
import { deliveryTasksRouter } from './deliveries/delivery-tasks.routes';
import { DeliveryTasksRepository } from './deliveries/delivery-tasks.repository';
import { DeliveryTasks, type DeliveryCandidates } from './deliveries/delivery-tasks.service';
import { DeliveryTaskViews } from './deliveries/delivery-tasks.views';
import { DeliveryVolunteerPicker, type VolunteerNames } from './deliveries/delivery-volunteers';
import { EldersRepository } from './elders/elders.repository';
import { eldersRouter } from './elders/elders.routes';
import { EldersService } from './elders/elders.service';
import { MealRatings } from './meal-ratings';
import { MealPointsRepository } from './meal-points.repository';
import { careMapRouter, mealPointsRouter } from './meal-points.routes';
import { CareMapService } from './care-map.service';
import { MealPointsService } from './meal-points.service';
import { SubsidyRulesStore } from './subsidy-rules';

export type { BookingHooks, EldersService, MealBookingsService, MealInbox, MealPointsService, MealReminders, WelfarePorts };

/** What meal points ask of other modules (wired in runtime.ts). */
export interface MealPointsPorts extends WelfarePorts {
  inbox: MealInbox;
  /** The notifications module's due-time index; meal reminders are its `meal/` members, delivery reminders `delivery/`. */
  reminderIndex: DueIndex;
  /** The matching engine's candidate query, for delivery volunteers. */
  candidates: DeliveryCandidates;
  /** Volunteers' names for the operator's picker (masked, real once a volunteer took the task). */
  volunteerNames: VolunteerNames;
}

/** The version elder envelopes are sealed with (the same key ring as volunteers' personal data). */
const PII_KEY_VERSION = 1;

/** Meal points (老年助餐点) and service stations: registry, menus, subsidy rules, the care map, elders and bookings. */
export function createMealPointsModule(deps: ModuleDeps, authenticate: RequestHandler, ports: MealPointsPorts) {
  const prefix = deps.config.REDIS_PREFIX;
  const repository = new MealPointsRepository(deps.connection);
  const directory = new CarePointsDirectory(
    repository, deps.redis, () => connectRedis(deps.config.REDIS_URL, 'consumer'), `${prefix}:care-points:changed`,
    deps.logger.child({ module: 'meal-points' }),
  );
  const ratings = new MealRatings(deps.connection, deps.redis, prefix);
  const rules = new SubsidyRulesStore(repository);
  const service = new MealPointsService(repository, directory, ratings, rules);
  const elders = new EldersService(
    new EldersRepository(deps.connection),
    new PiiCipher({ [PII_KEY_VERSION]: deps.config.PII_ENCRYPTION_KEY }, PII_KEY_VERSION),
  );
  const places = new MealPlaces(deps.connection, deps.redis, prefix);
  const hooks: BookingHooks = {};
  const bookings = new MealBookingsService(
    new MealBookingsRepository(deps.connection), service, elders, places, rules, ratings,
    // Shares the check-in secret, domain-separated by purpose: a check-in code never opens a pickup.
    new RotatingCodes(deps.config.CHECKIN_CODE_SECRET, deps.config.CHECKIN_CODE_WINDOW_SECONDS, 'meal-pickup'),
    hooks,
  );
  const welfare = new WelfareChecks(bookings, elders, service, rules, deps.queues, deps.redis, prefix, ports, deps.logger.child({ module: 'welfare' }));
  const reminders = new MealReminders(ports.reminderIndex, service, () => bookings, ports.inbox);
  const deliveries = new MealDeliveries(deps.connection, bookings, service, elders);
  const taskRepository = new DeliveryTasksRepository(deps.connection);
  const taskViews = new DeliveryTaskViews(taskRepository, service, bookings, elders);
  const deliveryTasks = new DeliveryTasks(
    taskRepository, service, bookings, deliveries, taskViews, ports.candidates, ports.inbox, deps.queues, ports.reminderIndex,
  );
  const picker = new DeliveryVolunteerPicker(taskRepository, service, deliveryTasks, taskViews, ports.candidates, ports.volunteerNames);
  welfare.undeliveredReportedElsewhere = (bookingId) => deliveryTasks.coversUndelivered(bookingId);
  hooks.booked = async (booking) => {
    await welfare.scheduleCheck(booking);
    await reminders.schedule(booking);
    await deliveryTasks.scheduleFormation(booking);
  };
  hooks.closed = async (booking, outcome) => {
    await reminders.cancel(booking._id.toHexString());
    if (outcome === 'served' || outcome === 'delivered') await welfare.mealTaken(booking);
    await deps.events.publish('meal:closed', {
      bookingId: booking._id.toHexString(), pointId: booking.pointId, date: booking.date, meal: booking.meal, outcome, at: new Date(),
    });
  };
  const careMap = new CareMapService(directory, places, elders, rules);
  return {
    service,
    careMap,
    welfare,
    elders,
    bookings,
    places,
    rules,
    reminders,
    deliveryTasks,
    directory,
    /** Portions taken per meal, live (Redis counters; statistics' meal-point use today). */
    portionsTaken: async (meals: Array<{ pointId: string; date: string; meal: string }>): Promise<number[]> => {
      const pools = meals.map((m) => mealPool(m.pointId, m.date, m.meal as MealCode));
      const taken = await places.portionsTaken(pools);
      return pools.map((pool) => taken.get(pool) ?? 0);
    },
    /** Set by the composition root: welfare checks and deliveries follow bookings through these. */
    hooks,
    routers: [careMapRouter(careMap, authenticate), mealPointsRouter(service, authenticate), eldersRouter(elders, authenticate), mealBookingsRouter(bookings, deliveries, authenticate),
      deliveryTasksRouter(deliveryTasks, taskViews, picker, authenticate)],
    /** Follows other replicas' writes to the in-memory directory and to places taken. */
    listen: async () => {
      await directory.listen();
      await places.listen(() => connectRedis(deps.config.REDIS_URL, 'consumer'));
    },
    startWorkers: () => {
      welfare.startWorker();
      deliveryTasks.startWorker();
    },
    close: async () => {
      await directory.close();
      await places.close();
    },
  };
}

export type MealPointsModule = ReturnType<typeof createMealPointsModule>;
