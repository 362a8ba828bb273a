import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { CreateElderInput } from '@tongxin/shared';
import { ElderForm } from '@/features/elders/elder-form';

const COMMUNITY = '510105001001';

function setup(communityCode: string | null = COMMUNITY) {
  const sent: CreateElderInput[] = [];
  const form = (code: string | null) => <ElderForm communityCode={code} communityPicker={<span>社区选择</span>} onSubmit={async (input) => { sent.push(input); }} />;
  const { rerender } = render(form(communityCode));
  setup.pickCommunity = (code: string) => rerender(form(code));
  return sent;
}

setup.pickCommunity = (_code: string): void => undefined;

const submit = () => fireEvent.click(screen.getByRole('button', { name: '登记老人' }));
const errorFor = (field: string) => document.querySelector(`[data-error-for="${field}"]`)?.textContent;

describe('ElderForm', () => {
  it('sends name, age band, subsidy statuses, living alone, the delivery address and consent as the elders API takes them', async () => {
    const sent = setup();
    fireEvent.change(screen.getByLabelText('老人姓名'), { target: { value: ' 王秀英 ' } });
    fireEvent.click(screen.getByRole('radio', { name: '80 岁及以上' }));
    fireEvent.click(screen.getByRole('checkbox', { name: '低保' }));
    fireEvent.click(screen.getByRole('checkbox', { name: '残疾' }));
    fireEvent.click(screen.getByRole('checkbox', { name: '残疾' }));
    fireEvent.click(screen.getByRole('switch'));
    fireEvent.change(screen.getByLabelText('送餐地址'), { target: { value: '青羊区某小区 3 栋 501' } });
    fireEvent.click(screen.getByRole('radio', { name: '监护人同意' }));
    submit();
    await waitFor(() => expect(sent).toEqual([{
      name: '王秀英', ageBand: '80+', subsidyStatuses: ['dibao'], communityCode: COMMUNITY, livesAlone: true,
      deliveryAddress: '青羊区某小区 3 栋 501', consent: { given: true, by: 'guardian' },
    }]));
  });

  it('leaves out an empty delivery address (it is optional)', async () => {
    const sent = setup();
    fireEvent.change(screen.getByLabelText('老人姓名'), { target: { value: '李大爷' } });
    fireEvent.click(screen.getByRole('radio', { name: '70—79 岁' }));
    fireEvent.click(screen.getByRole('radio', { name: '老人本人同意' }));
    submit();
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).not.toHaveProperty('deliveryAddress');
    expect(sent[0]!.consent).toEqual({ given: true, by: 'self' });
  });

  it('shows what is missing inline, in Chinese, and sends nothing without consent or community', () => {
    const sent = setup(null);
    fireEvent.change(screen.getByLabelText('送餐地址'), { target: { value: '短' } });
    submit();
    expect(errorFor('name')).toBe('请填写姓名');
    expect(errorFor('ageBand')).toBe('请选择年龄段');
    expect(errorFor('communityCode')).toBe('请选择老人所在社区');
    expect(errorFor('deliveryAddress')).toBe('送餐地址至少 4 个字');
    expect(errorFor('consent')).toBe('须经老人本人或监护人同意');
    expect(sent).toEqual([]);
    setup.pickCommunity(COMMUNITY);
    expect(errorFor('communityCode')).toBe('');
  });
});
