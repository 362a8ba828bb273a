import type { mongo } from 'mongoose';
import { BulkWriter } from './bulk-writer';
import { generatePastEnrollments } from './enrollments';
import { CityGeography } from './geography';
import { generateNeeds } from './needs';
import { generateCampaigns, generateOrganizations } from './organizations';
import { generateRuralProjects } from './rural-projects';
import { CommunityStaff, generateDonors } from './people';
import { CityRandom } from './random';
import { generateVolunteers } from './volunteers';

export interface CityOptions {
  seed: number;
  volunteers: number;
  /** The city's "today": dates are drawn around it. Same seed and same `now`, same city. */
  now: Date;
  /** Write a `users` account per volunteer too (roughly doubles the volunteer writes). */
  volunteerAccounts: boolean;
  /** Past sign-ups per volunteer (each leaves one reliability fact). */
  enrollmentsPerVolunteer: number;
  batchSize: number;
  /** Batches written at once (default 2). */
  inFlight?: number;
  log: (line: string) => void;
}

/** How many of each entity a city of `volunteers` people has (Chengdu-like ratios, minimums for tiny cities). */
export function cityProportions(volunteers: number, enrollmentsPerVolunteer: number) {
  const pastEnrollments = Math.round(volunteers * enrollmentsPerVolunteer);
  return {
    donors: Math.max(10, Math.round(volunteers * 0.05)),
    organizations: Math.max(5, Math.round(volunteers / 2000)),
    campaignsPerOrganization: 2,
    upcomingNeeds: Math.max(20, Math.round(volunteers / 200)),
    // Enough past places for the sign-ups (a need has ~14 on average): a full shift takes no more.
    pastNeeds: Math.max(20, Math.round(pastEnrollments / 10)),
    pastEnrollments,
  };
}

export interface CityReport {
  seconds: number;
  documents: number;
  docsPerSecond: number;
  collections: Record<string, { inserted: number; existing: number }>;
}

/**
 * Generates the synthetic city into `db`: one generator per collection family, each on its own
 * stream of the seeded RNG, written with unordered bulk inserts. Rerunning a seed is idempotent
 * (deterministic ids; existing documents are counted, not duplicated).
 */
export async function generateCity(db: mongo.Db, options: CityOptions): Promise<CityReport> {
  const random = new CityRandom(options.seed);
  const geography = new CityGeography();
  const writer = new BulkWriter(db, options);
  const counts = cityProportions(options.volunteers, options.enrollmentsPerVolunteer);
  const progress = (what: string) => {
    const seconds = (Date.now() - writer.startedAt) / 1000;
    options.log(`[city] ${what}: ${writer.total()} documents written in ${seconds.toFixed(1)} s (${Math.round(writer.total() / seconds)} docs/s)`);
  };

  const roster = await generateVolunteers(random.fork('volunteers'), geography, writer, {
    count: options.volunteers, now: options.now, accounts: options.volunteerAccounts,
  });
  progress(`${roster.size} volunteers`);
  await generateDonors(random.fork('donors'), writer, counts.donors, options.now);
  const organizations = await generateOrganizations(random.fork('organizations'), geography, writer, counts.organizations, options.now);
  const ruralProjects = await generateRuralProjects(random.fork('rural-projects'), writer, organizations, options.now);
  const campaigns = await generateCampaigns(
    random.fork('campaigns'), geography, writer, organizations, counts.campaignsPerOrganization, options.now, ruralProjects,
  );
  progress(`${counts.donors} donors, ${organizations.length} organizations, ${ruralProjects.size} rural projects, ${campaigns.length} campaigns`);
  const staff = new CommunityStaff(random.fork('staff'), writer, options.now);
  const upcoming = await generateNeeds(random.fork('needs'), geography, writer, staff, {
    count: counts.upcomingNeeds, now: options.now, fromDay: 1, toDay: 14,
  });
  const past = await generateNeeds(random.fork('past-needs'), geography, writer, staff, {
    count: counts.pastNeeds, now: options.now, fromDay: -56, toDay: -1,
  });
  progress(`${counts.upcomingNeeds + counts.pastNeeds} needs with ${upcoming.length + past.length} shifts, ${staff.count} community workers`);
  const enrollments = await generatePastEnrollments(random.fork('enrollments'), geography, writer, roster, past, counts.pastEnrollments);
  await writer.flush();
  progress(`${enrollments} past enrollments`);
  const seconds = (Date.now() - writer.startedAt) / 1000;
  return {
    seconds, documents: writer.total(), docsPerSecond: Math.round(writer.total() / seconds), collections: Object.fromEntries(writer.stats),
  };
}
