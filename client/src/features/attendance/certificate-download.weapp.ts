import Taro from '@tarojs/taro';
import { ApiError } from '@/services/api-error';
import { API_BASE } from '@/services/endpoints';
import { session } from '@/services/session';

/** In the mini-program: download the PDF with the access token and open it (its menu offers sharing). */
export async function downloadCertificate(code: string): Promise<void> {
  const { statusCode, tempFilePath } = await Taro.downloadFile({
    url: `${API_BASE}/me/certificates/${code}/pdf`,
    header: { Authorization: `Bearer ${session.accessToken() ?? ''}` },
  });
  if (statusCode !== 200) throw new ApiError({ code: 'BAD_RESPONSE', title: '证明下载失败，请稍后再试', status: statusCode });
  await Taro.openDocument({ filePath: tempFilePath, fileType: 'pdf', showMenu: true });
}
