import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './errors';

/**
 * Inserts a document whose `_id` is a natural key; false when that key already exists. This is the
 * one write that is exclusive on every MongoDB-compatible store (FerretDB 1.24 runs updates as
 * unisolated read-then-write), so "do this once" and "take this place" are built on it.
 */
export async function insertOnce<T>(model: Model<T>, document: Partial<T>): Promise<boolean> {
  try {
    await model.create(document);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Inserts `document`, or returns what already holds its `_id` (null when this call inserted it). */
export async function insertOrExisting<T extends { _id: unknown }>(model: Model<T>, document: T): Promise<T | null> {
  if (await insertOnce(model, document)) return null;
  const existing = await model.findById(document._id).lean<T>().exec();
  // A key that vanished between the duplicate error and the read: nothing sensible to return.
  if (!existing) throw new Error(`key ${String(document._id)} was taken and then removed`);
  return existing;
}
