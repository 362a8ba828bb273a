import { ApiError } from '@/services/api-error';
import { API_BASE } from '@/services/endpoints';
import { session } from '@/services/session';

/** On the web: fetch the PDF with the access token and hand it to the browser as a download. */
export async function downloadCertificate(code: string): Promise<void> {
  const response = await fetch(`${API_BASE}/me/certificates/${code}/pdf`, { headers: { Authorization: `Bearer ${session.accessToken() ?? ''}` } });
  if (!response.ok) throw new ApiError({ code: 'BAD_RESPONSE', title: '证明下载失败，请稍后再试', status: response.status });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `志愿服务记录证明-${code}.pdf`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
