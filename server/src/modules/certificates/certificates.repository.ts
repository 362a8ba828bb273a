import type { Connection, Model } from 'mongoose';
import { insertOnce } from '../../platform/insert-once';
import { certificateModel, type CertificateRecord } from './certificates.model';

export type { CertificateRecord };

export class CertificatesRepository {
  private readonly certificates: Model<CertificateRecord>;

  constructor(connection: Connection) {
    this.certificates = certificateModel(connection);
  }

  /** False when the code is taken (a collision of random codes: the caller draws another). */
  async insert(certificate: CertificateRecord): Promise<boolean> {
    return insertOnce(this.certificates, certificate);
  }

  async findByCode(code: string): Promise<CertificateRecord | null> {
    return this.certificates.findById(code).lean<CertificateRecord>().exec();
  }

  /** A volunteer's certificates, newest first (a scan on FerretDB; indexed on MongoDB; rare). */
  async listByUser(userId: string): Promise<CertificateRecord[]> {
    return this.certificates.find({ userId }).sort({ issuedAt: -1 }).limit(100).lean<CertificateRecord[]>().exec();
  }
}
