import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation } from '@tanstack/react-query';
import { formatShanghai, objectIdSchema, pickupSchema, SERVICE_MODES, type MealBookingStatus, type MealBookingView } from '@tongxin/shared';
import { Field } from '@/components/field';
import { asApiError } from '@/services/api';
import { scanCheckInCode } from '@/features/attendance/scan-code';
import { assignDelivery, confirmPickup, fetchDeliveryAddress } from './operator.api';
import '@/components/ui.css';

const MODE_LABEL = new Map<string, string>(SERVICE_MODES.map((m) => [m.code, m.label]));
export const BOOKING_STATUS_LABELS: Record<MealBookingStatus, string> = { booked: '待用餐', cancelled: '已取消', served: '已取餐', delivered: '已送达', missed: '未取餐' };

function PickupForm({ booking, onDone }: { booking: MealBookingView; onDone: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const pickup = useMutation({ mutationFn: (c: string) => confirmPickup(booking.id, c), onSuccess: onDone, onError: (e) => setError(asApiError(e).title) });
  const send = (text: string) => {
    const parsed = pickupSchema.safeParse({ code: text.trim() });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setError(undefined);
    pickup.mutate(parsed.data.code);
  };
  const name = `pickup-${booking.id}`;
  // The mini-program scans the diner's QR code (the same camera scan as check-in); H5 types the code.
  if (scanCheckInCode) {
    return <Button className='ui-btn ui-btn--block' loading={pickup.isPending} onClick={() => void scanCheckInCode!().then(send).catch(() => undefined)}>扫码核销取餐</Button>;
  }
  return (
    <View>
      <Field label='取餐码' name={name} error={error}>
        <Input className='ui-input' value={code} onInput={(e) => setCode(e.detail.value)} nativeProps={{ name, 'aria-label': '取餐码' }} />
      </Field>
      <Button className='ui-btn ui-btn--block' data-action='confirm-pickup' loading={pickup.isPending} onClick={() => send(code)}>核销取餐</Button>
    </View>
  );
}

function DeliveryForm({ booking, onDone }: { booking: MealBookingView; onDone: () => void }) {
  const [volunteer, setVolunteer] = useState('');
  const [error, setError] = useState<string>();
  const [address, setAddress] = useState<string>();
  const assign = useMutation({
    mutationFn: (id: string) => assignDelivery(booking.id, id),
    onSuccess: (d) => { void Taro.showToast({ title: `已指派，${formatShanghai(d.windowStartsAt).slice(-5)} 起可查看地址`, icon: 'none', duration: 2500 }); onDone(); },
    onError: (e) => setError(asApiError(e).title),
  });
  const reveal = useMutation({ mutationFn: () => fetchDeliveryAddress(booking.id), onSuccess: (a) => setAddress(a.address), onError: (e) => setError(asApiError(e).title) });
  const name = `volunteer-${booking.id}`;
  const submit = () => {
    const parsed = objectIdSchema.safeParse(volunteer.trim());
    if (!parsed.success) return setError('请填写送餐志愿者的用户编号（24 位）');
    setError(undefined);
    assign.mutate(parsed.data);
  };
  return (
    <View>
      {address ? <Text className='ui-text' data-address>送餐地址：{address}</Text> : (
        <Button className='ui-btn ui-btn--plain ui-btn--block' loading={reveal.isPending} onClick={() => reveal.mutate()}>查看送餐地址</Button>
      )}
      <Field label='送餐志愿者的用户编号' name={name} error={error}>
        <Input className='ui-input' value={volunteer} onInput={(e) => setVolunteer(e.detail.value)} nativeProps={{ name, 'aria-label': '送餐志愿者的用户编号' }} />
      </Field>
      <Button className='ui-btn ui-btn--block' loading={assign.isPending} onClick={submit}>指派送餐</Button>
    </View>
  );
}

/** One booking of the day: who (masked), how, status; serving a diner or arranging a delivery while it is open. */
export function BookingRow({ booking, onChanged }: { booking: MealBookingView; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const active = booking.status === 'booked';
  return (
    <View className='ui-card' data-booking-id={booking.id} data-status={booking.status}>
      <View className='ui-row' onClick={() => active && setOpen((o) => !o)} role={active ? 'button' : undefined} aria-expanded={active ? open : undefined}>
        <Text className='ui-text'>{booking.elderMaskedName} · {MODE_LABEL.get(booking.mode)}</Text>
        <Text className='ui-muted'>{BOOKING_STATUS_LABELS[booking.status]}{active ? (open ? ' ▲' : ' ▼') : ''}</Text>
      </View>
      {open && active ? (booking.mode === 'dine_in' ? <PickupForm booking={booking} onDone={onChanged} /> : <DeliveryForm booking={booking} onDone={onChanged} />) : null}
    </View>
  );
}
