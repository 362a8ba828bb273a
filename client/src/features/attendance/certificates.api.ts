import type { CertificateView } from '@tongxin/shared';
import { api } from '@/services/api';

export const certificatesKey = ['me', 'certificates'] as const;

export async function fetchCertificates(): Promise<CertificateView[]> {
  return (await api.get<{ items: CertificateView[] }>('/me/certificates')).items;
}

/** Issues a certificate of all verified service so far. */
export function issueCertificate(): Promise<CertificateView> {
  return api.post<CertificateView>('/me/certificates', {});
}
