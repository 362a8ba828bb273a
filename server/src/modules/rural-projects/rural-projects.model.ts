import { Schema, Types, type Connection } from 'mongoose';
import { modelOf } from '../../platform/db';
import type { RuralProjectCategory, RuralProjectStatus } from '@tongxin/shared';

export interface RuralProjectRecord {
  _id: Types.ObjectId;
  title: string;
  category: RuralProjectCategory;
  description: string;
  /** Township/town (9 digits) or village/community (12 digits). */
  regionCode: string;
  districtCode: string;
  location: { lat: number; lng: number };
  coverImageUrl?: string;
  organizationId: string;
  status: RuralProjectStatus;
  /** The latest progress report's day (YYYY-MM-DD), for lists. */
  lastProgressOn: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A progress report: append-only (corrections are new reports), so no update can lose one. */
export interface ProgressUpdateRecord {
  _id: Types.ObjectId;
  projectId: string;
  date: string;
  text: string;
  figures: Array<{ label: string; value: number; unit: string }>;
  reportedBy: string;
  createdAt: Date;
}

const projectSchema = new Schema<RuralProjectRecord>(
  {
    title: { type: String, required: true },
    category: { type: String, required: true },
    description: { type: String, required: true },
    regionCode: { type: String, required: true },
    districtCode: { type: String, required: true },
    location: { type: new Schema({ lat: Number, lng: Number }, { _id: false }), required: true },
    coverImageUrl: String,
    organizationId: { type: String, required: true },
    status: { type: String, required: true },
    lastProgressOn: { type: String, default: null },
    createdBy: { type: String, required: true },
  },
  { timestamps: true, strict: 'throw', collection: 'rural_projects' },
);
// Discovery by county (and category, status), an organization's projects; nearness is computed in memory.
projectSchema.index({ districtCode: 1, category: 1, status: 1 });
projectSchema.index({ category: 1, status: 1 });
projectSchema.index({ organizationId: 1, _id: -1 });

const figureSchema = new Schema({ label: String, value: Number, unit: String }, { _id: false });
const progressSchema = new Schema<ProgressUpdateRecord>(
  {
    projectId: { type: String, required: true },
    date: { type: String, required: true },
    text: { type: String, required: true },
    figures: { type: [figureSchema], default: [] },
    reportedBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: 'throw', collection: 'rural_project_progress', versionKey: false },
);
progressSchema.index({ projectId: 1, date: -1 });

export function ruralProjectModels(connection: Connection) {
  return {
    projects: modelOf(connection, 'RuralProject', projectSchema),
    progress: modelOf(connection, 'RuralProjectProgress', progressSchema),
  };
}
