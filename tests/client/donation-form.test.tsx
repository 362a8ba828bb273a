import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { CreateDonationInput } from '@tongxin/shared';
import { DonationForm } from '@/features/donations/donation-form';
import { fenToYuanText, yuanToFen } from '@/features/donations/yuan';

function setup() {
  const sent: CreateDonationInput[] = [];
  render(<DonationForm onSubmit={async (input) => { sent.push(input); }} />);
  return sent;
}

const donateButton = () => screen.getByRole('button', { name: /^捐赠/ });

describe('DonationForm', () => {
  it('sends the chosen preset in fen, and labels the button in yuan', async () => {
    const sent = setup();
    fireEvent.click(screen.getByRole('radio', { name: '100 元' }));
    expect(donateButton().textContent).toBe('捐赠 ¥100.00');
    fireEvent.click(donateButton());
    await waitFor(() => expect(sent).toEqual([{ amountFen: 10_000, anonymous: false, onLeaderboard: false, message: '' }]));
  });

  it('takes a custom amount in yuan with cents, the anonymous switch and a message', async () => {
    const sent = setup();
    fireEvent.change(screen.getByLabelText('其他金额（元）'), { target: { value: '12.5' } });
    expect(screen.getByRole('radio', { name: '50 元' }).getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByRole('switch', { name: '匿名捐赠' }));
    fireEvent.change(screen.getByLabelText('留言'), { target: { value: '加油！' } });
    fireEvent.click(donateButton());
    await waitFor(() => expect(sent).toEqual([{ amountFen: 1_250, anonymous: true, onLeaderboard: false, message: '加油！' }]));
  });

  it('opts in to the leaderboard with its labelled switch, off until turned on, and says how the name will show', async () => {
    const sent = setup();
    const board = screen.getByRole('switch', { name: '上榜显示（昵称打码）' }) as HTMLInputElement;
    expect(board.checked).toBe(false);
    const hint = () => document.querySelector('[data-leaderboard-hint]')?.textContent;
    expect(hint()).toBeUndefined();
    fireEvent.click(board);
    expect(board.checked).toBe(true);
    expect(hint()).toBe('将以昵称首字加 * 显示在爱心榜，如“张*”');
    expect(board.getAttribute('aria-describedby')).toBe('leaderboard-hint');
    fireEvent.click(screen.getByRole('switch', { name: '匿名捐赠' }));
    expect(hint()).toBe('匿名捐赠将以“爱心人士”上榜');
    fireEvent.click(donateButton());
    await waitFor(() => expect(sent).toEqual([{ amountFen: 5_000, anonymous: true, onLeaderboard: true, message: '' }]));
  });

  it('refuses amounts outside the shared limits or malformed, inline, without sending', () => {
    const sent = setup();
    const amount = screen.getByLabelText('其他金额（元）');
    fireEvent.change(amount, { target: { value: '0.5' } });
    fireEvent.click(donateButton());
    expect(screen.getByRole('alert').textContent).toBe('单笔捐赠至少 1 元');
    fireEvent.change(amount, { target: { value: '50001' } });
    fireEvent.click(donateButton());
    expect(screen.getByRole('alert').textContent).toBe('单笔捐赠最多 50000 元');
    fireEvent.change(amount, { target: { value: '1.234' } });
    fireEvent.click(donateButton());
    expect(screen.getByRole('alert').textContent).toBe('金额格式不正确，最多两位小数');
    expect(sent).toEqual([]);
  });

  it('refuses a message longer than 50 characters', () => {
    const sent = setup();
    fireEvent.change(screen.getByLabelText('留言'), { target: { value: '好'.repeat(51) } });
    fireEvent.click(donateButton());
    expect(screen.getByRole('alert').textContent).toBe('留言最多 50 个字');
    expect(sent).toEqual([]);
  });
});

describe('yuan and fen', () => {
  it('parses yuan to integer fen without floating-point drift', () => {
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1.1')).toBe(110);
    expect(yuanToFen('19.99')).toBe(1_999);
    expect(yuanToFen('1e3')).toBeNull();
    expect(yuanToFen('-5')).toBeNull();
    expect(fenToYuanText(1_250)).toBe('12.5');
    expect(fenToYuanText(5_000)).toBe('50');
  });
});
