import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { asApiError } from '@/services/api';
import { downloadCertificate } from './certificate-download';
import { certificatesKey, fetchCertificates, issueCertificate } from './certificates.api';
import '@/components/ui.css';

const toastError = (error: unknown) => void Taro.showToast({ title: asApiError(error).title, icon: 'none', duration: 3000 });

/** 志愿服务记录证明: issue one for all verified hours, download the PDF, share the public check link. */
export function CertificatesCard({ enabled }: { enabled: boolean }) {
  const queryClient = useQueryClient();
  const certificates = useQuery({ queryKey: certificatesKey, queryFn: fetchCertificates, enabled });
  const issue = useMutation({
    mutationFn: issueCertificate,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: certificatesKey }),
    onError: toastError,
  });
  return (
    <View className='ui-card' data-section='certificates'>
      <Text className='ui-subtitle'>志愿服务记录证明</Text>
      {certificates.isError ? <Text className='ui-error'>{asApiError(certificates.error).title}</Text> : null}
      {(certificates.data ?? []).map((c) => (
        <View key={c.code} className='ui-field' data-certificate={c.code}>
          <Text className='ui-text'>{c.period.from} 至 {c.period.to} · {c.totalHours} 小时</Text>
          <Text className='ui-muted'>验证码 {c.code}</Text>
          <View className='ui-row' style={{ justifyContent: 'flex-start', gap: '16px' }}>
            <Button className='ui-btn ui-btn--small' onClick={() => downloadCertificate(c.code).catch(toastError)}>下载 PDF</Button>
            <Button className='ui-btn ui-btn--plain ui-btn--small' onClick={() => void Taro.setClipboardData({ data: c.verifyUrl })}>复制验证链接</Button>
          </View>
        </View>
      ))}
      {certificates.data?.length === 0 ? <Text className='ui-muted'>还没有开具过证明</Text> : null}
      <Button className='ui-btn ui-btn--plain ui-btn--block' loading={issue.isPending} disabled={issue.isPending || undefined} onClick={() => issue.mutate()}>
        开具证明（全部已核定时长）
      </Button>
    </View>
  );
}
