import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { checkInCodeSchema, formatShanghai, type AttendanceView } from '@tongxin/shared';
import { asApiError } from '@/services/api';
import type { AttendanceAction } from './attendance.api';
import '@/components/ui.css';

interface CheckInFlowProps {
  /** Sends the code to the server. */
  record: (action: AttendanceAction, code: string) => Promise<AttendanceView>;
  /** Opens the camera and resolves with the QR's text (mini-program); absent on the web, where the code is typed. */
  scan?: () => Promise<string>;
  /** Whether the volunteer has checked in already (then the flow checks out). */
  initialAction?: AttendanceAction;
}

const ACTION_LABELS: Record<AttendanceAction, string> = { 'check-in': '签到', 'check-out': '签退' };

function codeProblem(code: string): string | undefined {
  const result = checkInCodeSchema.safeParse(code.trim());
  return result.success ? undefined : result.error.issues[0]?.message;
}

/**
 * Check in, then out, with the staff's rotating QR code: scanned in the mini-program, typed or
 * pasted on the web. The code is checked with the shared schema before it is sent.
 */
export function CheckInFlow({ record, scan, initialAction = 'check-in' }: CheckInFlowProps) {
  const [action, setAction] = useState<AttendanceAction>(initialAction);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<AttendanceView | null>(null);

  const send = async (raw: string) => {
    const problem = codeProblem(raw);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      const attendance = await record(action, raw.trim());
      setDone(attendance);
      setCode('');
      if (action === 'check-in') setAction('check-out');
    } catch (thrown) {
      setError(asApiError(thrown).title);
    } finally {
      setBusy(false);
    }
  };

  const scanAndSend = async () => {
    if (!scan) return;
    try {
      await send(await scan());
    } catch {
      // Closing the camera is not an error worth a message.
    }
  };

  const label = ACTION_LABELS[action];
  return (
    <View className='check-in-flow' data-action={action}>
      {done ? (
        <View className='ui-card' data-result={done.status} role='status'>
          <Text className='ui-title'>{done.status === 'checked_in' ? '签到成功' : '签退成功'}</Text>
          <Text className='ui-muted'>签到时间 {formatShanghai(done.checkInAt)}</Text>
          {done.checkOutAt ? <Text className='ui-muted'>签退时间 {formatShanghai(done.checkOutAt)}</Text> : null}
          {done.systemMinutes !== undefined ? <Text className='ui-text'>本次服务 {done.systemMinutes} 分钟，待社区核定</Text> : null}
        </View>
      ) : null}
      {done?.status === 'checked_out' || done?.status === 'verified' ? null : (
        <View className='ui-card'>
          <Text className='ui-subtitle'>{label}</Text>
          {scan ? (
            <Button className='ui-btn ui-btn--block' data-action='scan' loading={busy} disabled={busy || undefined} onClick={() => void scanAndSend()}>
              扫码{label}
            </Button>
          ) : (
            <>
              <Text className='ui-label' id='check-in-code-label'>{label}码</Text>
              <Input
                className={`ui-input${error ? ' ui-input--invalid' : ''}`}
                value={code}
                placeholder='输入或粘贴现场展示的签到码'
                maxlength={80}
                onInput={(e) => {
                  setCode(e.detail.value);
                  setError(undefined);
                }}
                onBlur={() => code !== '' && setError(codeProblem(code))}
                onConfirm={() => void send(code)}
                nativeProps={{ name: 'checkInCode', 'aria-label': `${label}码`, autocomplete: 'off' }}
              />
              <Text className='ui-muted'>请向现场社区工作人员索取，签到码每 30 秒更新一次</Text>
              <Button className='ui-btn ui-btn--block' data-action='submit-code' loading={busy} disabled={busy || undefined} onClick={() => void send(code)}>
                确认{label}
              </Button>
            </>
          )}
          <View className='ui-error' role={error ? 'alert' : undefined} data-error-for='code'>{error ?? ''}</View>
        </View>
      )}
    </View>
  );
}
