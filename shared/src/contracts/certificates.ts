import { z } from './zod';

/** A certificate's verification code: 12 characters without look-alikes (0/O, 1/I), grouped by four. */
export const certificateCodeSchema = z.string().regex(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/, '证明验证码格式不正确');

export const certificateParamsSchema = z.strictObject({ code: certificateCodeSchema });

const calendarDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** A certificate for the service in a period (dates in Asia/Shanghai, both inclusive); omitted ends mean "all". */
export const issueCertificateSchema = z.strictObject({
  from: calendarDate.optional(),
  to: calendarDate.optional(),
}).refine((p) => !p.from || !p.to || p.from <= p.to, { message: '开始日期不能晚于结束日期', path: ['to'] });
export type IssueCertificateInput = z.infer<typeof issueCertificateSchema>;

/** One activity (need) on a certificate; hours are verified hours, one decimal. */
export interface CertificateActivityView {
  needId: string;
  title: string;
  category: string;
  categoryName: string;
  /** The community or organization the service was done with. */
  organizationName: string;
  /** First and last service date, "YYYY-MM-DD" in Asia/Shanghai. */
  firstDate: string;
  lastDate: string;
  shifts: number;
  hours: number;
}

/** 志愿服务记录证明 as its owner sees it. */
export interface CertificateView {
  code: string;
  /** Public page that confirms the certificate (also in the PDF's QR code). */
  verifyUrl: string;
  volunteerNameMasked: string;
  period: { from: string; to: string };
  /** Verified hours in the period, supplementary hours included; equals the hours ledger. */
  totalHours: number;
  supplementaryHours: number;
  activities: CertificateActivityView[];
  organizations: string[];
  issuer: string;
  issuedAt: string;
}

/** What anyone holding the code may see: no full name, no ID number, no activities. */
export interface CertificateVerificationView {
  valid: true;
  code: string;
  volunteerNameMasked: string;
  totalHours: number;
  period: { from: string; to: string };
  issuer: string;
  issuedAt: string;
}
