import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { creditCodeCheckChar, type CreateReceiptRequestInput, type DonationView } from '@tongxin/shared';
import { canRequestReceipt, lastRequestDay } from '@/features/giving/receipt-eligibility';
import { ReceiptRequestForm } from '@/features/giving/receipt-request-form';

const aDonation = (overrides: Partial<DonationView> = {}): DonationView => ({
  id: 'a'.repeat(24), campaignId: 'c'.repeat(24), amountFen: 5000, matchedFen: 0, anonymous: false, onLeaderboard: false, message: '',
  status: 'paid', refundedFen: 0, createdAt: '2026-11-20T02:00:00.000Z', paidAt: '2026-11-20T02:00:00.000Z', ...overrides,
});
const CREDIT_BODY = '51510104MJ0000001';
const CREDIT_CODE = CREDIT_BODY + creditCodeCheckChar(CREDIT_BODY)!;

function setup(fail?: string) {
  const sent: CreateReceiptRequestInput[] = [];
  const donations = [aDonation(), aDonation({ id: 'b'.repeat(24), amountFen: 3000, refundedFen: 1000 })];
  render(<ReceiptRequestForm donations={donations} titleOf={() => '社区助老餐桌'} onSubmit={async (input) => {
    if (fail) throw new Error(fail);
    sent.push(input);
  }} />);
  return sent;
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: '提交申请' }));

describe('ReceiptRequestForm', () => {
  it('sends the picked donations and a person as payer, and shows the received total', async () => {
    const sent = setup();
    const boxes = screen.getAllByRole('checkbox');
    fireEvent.click(boxes[0]!);
    fireEvent.click(boxes[1]!);
    expect(boxes[1]!.getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText(/已选 2 笔/).textContent).toContain('¥70.00');
    fireEvent.change(screen.getByLabelText('付款人姓名'), { target: { value: '张三' } });
    submit();
    await waitFor(() => expect(sent).toEqual([{ donationIds: ['a'.repeat(24), 'b'.repeat(24)], payer: { kind: 'person', name: '张三' } }]));
  });

  it('asks for an organization\'s credit code and refuses a wrong one inline, without sending', async () => {
    const sent = setup();
    fireEvent.click(screen.getAllByRole('checkbox')[0]!);
    fireEvent.click(screen.getByRole('radio', { name: '单位' }));
    fireEvent.change(screen.getByLabelText('单位名称'), { target: { value: '成都同心科技有限公司' } });
    fireEvent.change(screen.getByLabelText('统一社会信用代码'), { target: { value: CREDIT_BODY + (CREDIT_CODE.endsWith('0') ? '1' : '0') } });
    submit();
    expect(screen.getByRole('alert').textContent).toBe('统一社会信用代码不正确');
    expect(sent).toEqual([]);
    fireEvent.change(screen.getByLabelText('统一社会信用代码'), { target: { value: CREDIT_CODE.toLowerCase() } });
    submit();
    await waitFor(() => expect(sent).toEqual([{ donationIds: ['a'.repeat(24)], payer: { kind: 'organization', name: '成都同心科技有限公司', creditCode: CREDIT_CODE } }]));
  });

  it('says what is missing, and shows the server\'s refusal', async () => {
    setup('所选捐赠已申请过捐赠票据');
    submit();
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['请至少选择一笔捐赠', expect.stringContaining('付款人姓名')]);
    fireEvent.click(screen.getAllByRole('checkbox')[0]!);
    fireEvent.change(screen.getByLabelText('付款人姓名'), { target: { value: '张三' } });
    submit();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('所选捐赠已申请过捐赠票据'));
  });
});

describe('canRequestReceipt', () => {
  const now = new Date('2026-11-29T08:00:00.000Z');
  it('takes paid donations inside the window with something received that are not on a request', () => {
    expect(canRequestReceipt(aDonation(), now)).toBe(true);
    expect(canRequestReceipt(aDonation({ status: 'pending', paidAt: undefined }), now)).toBe(false);
    expect(canRequestReceipt(aDonation({ receiptRequestId: 'f'.repeat(24) }), now)).toBe(false);
    expect(canRequestReceipt(aDonation({ refundedFen: 5000 }), now)).toBe(false);
    expect(canRequestReceipt(aDonation({ paidAt: '2026-08-28T02:00:00.000Z' }), now)).toBe(false);
    expect(lastRequestDay('2026-11-20T02:00:00.000Z')).toBe('2026-12-31');
  });
});
