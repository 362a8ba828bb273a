import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReceiptPayer, ReceiptRequestView } from '@tongxin/shared';
import { ApiError } from '@/services/api';
import { ReceiptRequestCard } from '@/features/organizer/receipt-request-card';

const aRequest = (overrides: Partial<ReceiptRequestView> = {}): ReceiptRequestView => ({
  id: 'a'.repeat(24), status: 'requested', organization: { id: 'o'.repeat(24), name: '成都市同心基金会' },
  payer: { kind: 'person', name: '欧*' }, payerMasked: true,
  lines: [
    { donationId: 'd'.repeat(24), campaignId: 'c'.repeat(24), campaignTitle: '社区助老餐桌', amountFen: 5000, receivedFen: 3800, paidAt: '2026-11-20T02:00:00.000Z' },
  ],
  receivedFen: 3800, requestedAt: '2026-11-21T02:00:00.000Z', ...overrides,
});

function setup(request = aRequest(), fail?: { issue?: Error; payer?: Error }) {
  const calls: string[] = [];
  render(
    <ReceiptRequestCard
      request={request}
      onIssue={async (n) => { if (fail?.issue) throw fail.issue; calls.push(`issue:${n}`); }}
      onDecline={async (r) => { calls.push(`decline:${r}`); }}
      onRevealPayer={async (): Promise<ReceiptPayer> => { if (fail?.payer) throw fail.payer; calls.push('payer'); return { kind: 'person', name: '欧阳明月' }; }}
    />,
  );
  return calls;
}

const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('ReceiptRequestCard (organizer)', () => {
  it('shows the masked payer, what was received after refunds and when, and reveals the whole payer only when asked', async () => {
    const calls = setup();
    expect(screen.getByText(/付款人：欧\*（个人）/)).toBeTruthy();
    expect(screen.getByText(/票据金额 ¥38.00/)).toBeTruthy();
    expect(screen.getByText(/实收 ¥38.00（捐赠 ¥50.00，已退款 ¥12.00）/)).toBeTruthy();
    expect(screen.getByText('待开具')).toBeTruthy();
    expect(calls).toEqual([]);
    click('查看完整付款人信息');
    await waitFor(() => expect(screen.getByText(/付款人：欧阳明月（个人）/)).toBeTruthy());
    expect(screen.getByText(/本次查看已记录备查/)).toBeTruthy();
    expect(calls).toEqual(['payer']);
    expect(screen.queryByRole('button', { name: '查看完整付款人信息' })).toBeNull();
  });

  it('issues with a valid receipt number, refusing a malformed one inline without sending', async () => {
    const calls = setup();
    click('开具票据');
    fireEvent.change(screen.getByLabelText('票据号码'), { target: { value: '票据 1' } });
    click('确认开具');
    expect(screen.getByRole('alert').textContent).toBe('票据号码须为 4–40 位字母、数字或 -');
    expect(calls).toEqual([]);
    fireEvent.change(screen.getByLabelText('票据号码'), { target: { value: 'PJ-2026-0001' } });
    click('确认开具');
    await waitFor(() => expect(calls).toEqual(['issue:PJ-2026-0001']));
    await waitFor(() => expect(screen.queryByLabelText('票据号码')).toBeNull());
  });

  it('declines with a reason, and asks for one when it is missing', async () => {
    const calls = setup();
    click('退回申请');
    click('确认退回');
    expect(screen.getByRole('alert').textContent).toBe('请填写退回原因');
    fireEvent.change(screen.getByLabelText('退回原因'), { target: { value: '付款人姓名与支付账户不符' } });
    click('确认退回');
    await waitFor(() => expect(calls).toEqual(['decline:付款人姓名与支付账户不符']));
  });

  it('shows the server\'s refusal in Chinese and keeps the form open', async () => {
    setup(aRequest(), { issue: new ApiError({ code: 'RECEIPT_ALREADY_ISSUED', title: '该申请已开具票据', status: 409 }) });
    click('开具票据');
    fireEvent.change(screen.getByLabelText('票据号码'), { target: { value: 'PJ-2026-0002' } });
    click('确认开具');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('该申请已开具票据'));
    expect(screen.getByLabelText('票据号码')).toBeTruthy();
  });

  it('shows an issued request\'s number and a declined one\'s reason, without actions', () => {
    setup(aRequest({ status: 'issued', receiptNumber: 'PJ-2026-0001', issuedAt: '2026-11-22T02:00:00.000Z', payer: { kind: 'person', name: '张*' } }));
    expect(screen.getByText(/票据号 PJ-2026-0001/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: '开具票据' })).toBeNull();
  });
});
