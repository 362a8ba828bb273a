import { Types } from 'mongoose';
import {
  shanghaiDate,
  type Actor, type CertificateVerificationView, type CertificateView, type IssueCertificateInput,
} from '@tongxin/shared';
import { authorize } from '../access';
import { AppError, NotFoundError } from '../../platform/errors';
import type { CertificateHolder, CertificatePdf } from './certificates.pdf';
import type { CertificateRecord, CertificatesRepository } from './certificates.repository';
import { categoryName, hoursOf, newCertificateCode, snapshotOf, type CertifiedLine } from './certificates.snapshot';

export interface CertificatePorts {
  /** The volunteer's hours ledger joined with shifts (attendance's HoursLedger). */
  ledgerLines(userId: string): Promise<CertifiedLine[]>;
  /** The owner's real name and masked ID number; null without a real-name profile. */
  holder(actor: Actor): Promise<(CertificateHolder & { realNameMasked: string }) | null>;
}

export interface CertificateSettings {
  /** The issuing organization printed on every certificate. */
  issuer: string;
  /** Base of public links, e.g. "https://tongxin.example.cn". */
  publicBaseUrl: string;
}

/** Certificates of service record (志愿服务记录证明): issued from the hours ledger, confirmed publicly by code. */
export class CertificatesService {
  constructor(
    private readonly repository: CertificatesRepository,
    private readonly pdf: CertificatePdf,
    private readonly ports: CertificatePorts,
    private readonly settings: CertificateSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(actor: Actor, input: IssueCertificateInput): Promise<CertificateView> {
    authorize(actor, 'certificate:self', { ownerUserId: actor.userId });
    const holder = await this.ports.holder(actor);
    if (!holder) throw new AppError('CERTIFICATE_PROFILE_REQUIRED');
    const now = this.now();
    const snapshot = snapshotOf(await this.ports.ledgerLines(actor.userId), input, shanghaiDate(now));
    if (snapshot.totalMinutes <= 0) throw new AppError('CERTIFICATE_NO_HOURS');
    for (;;) {
      const record: CertificateRecord = {
        _id: newCertificateCode(), userId: new Types.ObjectId(actor.userId), volunteerNameMasked: holder.realNameMasked,
        ...snapshot, issuer: this.settings.issuer, issuedAt: now,
      };
      // A collision of 60-bit random codes is all but impossible; drawing again keeps codes unique anyway.
      if (await this.repository.insert(record)) return this.toView(record);
    }
  }

  async listMine(actor: Actor): Promise<CertificateView[]> {
    authorize(actor, 'certificate:self', { ownerUserId: actor.userId });
    return (await this.repository.listByUser(actor.userId)).map((c) => this.toView(c));
  }

  /** The PDF, for its owner only: another volunteer gets the same 404 as a code that does not exist. */
  async pdfOf(actor: Actor, code: string): Promise<Buffer> {
    const certificate = await this.repository.findByCode(code);
    if (!certificate || certificate.userId.toHexString() !== actor.userId) throw new NotFoundError('证明不存在');
    authorize(actor, 'certificate:self', { ownerUserId: certificate.userId.toHexString() });
    const holder = await this.ports.holder(actor);
    if (!holder) throw new AppError('CERTIFICATE_PROFILE_REQUIRED');
    return this.pdf.render(certificate, holder, this.verifyUrl(certificate._id));
  }

  /** Public: confirms a certificate by its code with a masked name and no other personal data. */
  async verify(code: string): Promise<CertificateVerificationView> {
    const certificate = await this.repository.findByCode(code);
    if (!certificate) throw new NotFoundError('未找到该证明，请核对验证码');
    return {
      valid: true,
      code: certificate._id,
      volunteerNameMasked: certificate.volunteerNameMasked,
      totalHours: hoursOf(certificate.totalMinutes),
      period: { from: certificate.periodFrom, to: certificate.periodTo },
      issuer: certificate.issuer,
      issuedAt: certificate.issuedAt.toISOString(),
    };
  }

  private verifyUrl(code: string): string {
    return `${this.settings.publicBaseUrl.replace(/\/$/, '')}/api/v1/certificates/${code}`;
  }

  private toView(c: CertificateRecord): CertificateView {
    return {
      code: c._id,
      verifyUrl: this.verifyUrl(c._id),
      volunteerNameMasked: c.volunteerNameMasked,
      period: { from: c.periodFrom, to: c.periodTo },
      totalHours: hoursOf(c.totalMinutes),
      supplementaryHours: hoursOf(c.supplementaryMinutes),
      activities: c.activities.map((a) => ({
        needId: a.needId, title: a.title, category: a.category, categoryName: categoryName(a.category),
        organizationName: a.organizationName, firstDate: a.firstDate, lastDate: a.lastDate, shifts: a.shifts, hours: hoursOf(a.minutes),
      })),
      organizations: c.organizations,
      issuer: c.issuer,
      issuedAt: c.issuedAt.toISOString(),
    };
  }
}
