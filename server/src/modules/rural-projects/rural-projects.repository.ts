import type { Connection, Model } from 'mongoose';
import type { RuralProjectCategory, RuralProjectStatus } from '@tongxin/shared';
import { ruralProjectModels, type ProgressUpdateRecord, type RuralProjectRecord } from './rural-projects.model';

export type { ProgressUpdateRecord, RuralProjectRecord };

export type NewRuralProject = Omit<RuralProjectRecord, '_id' | 'createdAt' | 'updatedAt'>;
export type RuralProjectChange = Partial<Pick<RuralProjectRecord,
  'title' | 'category' | 'description' | 'regionCode' | 'districtCode' | 'location' | 'coverImageUrl'>>;

/** Top-level equalities only: distance and ordering are computed in memory (hundreds of projects per county). */
export interface RuralProjectFilter {
  districtCode?: string;
  category?: RuralProjectCategory;
  status?: RuralProjectStatus;
  organizationId?: string;
}

const OBJECT_ID = /^[a-f0-9]{24}$/;

export class RuralProjectsRepository {
  private readonly projects: Model<RuralProjectRecord>;
  private readonly progress: Model<ProgressUpdateRecord>;

  constructor(connection: Connection) {
    ({ projects: this.projects, progress: this.progress } = ruralProjectModels(connection));
  }

  async insert(project: NewRuralProject): Promise<RuralProjectRecord> {
    return (await this.projects.create(project)).toObject();
  }

  async findById(id: string): Promise<RuralProjectRecord | null> {
    if (!OBJECT_ID.test(id)) return null;
    return this.projects.findById(id).lean<RuralProjectRecord>().exec();
  }

  async find(filter: RuralProjectFilter): Promise<RuralProjectRecord[]> {
    return this.projects.find({ ...filter }).lean<RuralProjectRecord[]>().exec();
  }

  /** Edits by managers: the last writer wins (FerretDB does not isolate updates; these are rare, audited edits). */
  async update(id: string, change: RuralProjectChange & { status?: RuralProjectStatus; lastProgressOn?: string }): Promise<RuralProjectRecord | null> {
    return this.projects.findByIdAndUpdate(id, { $set: change }, { returnDocument: 'after', runValidators: true }).lean<RuralProjectRecord>().exec();
  }

  async addProgress(update: Omit<ProgressUpdateRecord, '_id' | 'createdAt'>): Promise<ProgressUpdateRecord> {
    return (await this.progress.create(update)).toObject();
  }

  /** Newest first (by the day reported, then by insertion). */
  async progressOf(projectId: string, limit: number): Promise<ProgressUpdateRecord[]> {
    return this.progress.find({ projectId }).sort({ date: -1, _id: -1 }).limit(limit).lean<ProgressUpdateRecord[]>().exec();
  }
}
