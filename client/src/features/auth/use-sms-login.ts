import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { phoneSchema, smsVerifySchema } from '@tongxin/shared';
import { asApiError, type ApiError } from '@/services/api';
import { session } from '@/services/session';
import { requestSmsCode, verifySmsCode } from './auth.api';
import { goHome } from './navigation';
import { useCountdown } from './use-countdown';

/** Seconds before another code may be requested. */
const RESEND_AFTER_S = 60;

type Field = 'phone' | 'code';
type FieldErrors = Partial<Record<Field, string>>;

/** Digits each field keeps. */
const DIGITS: Record<Field, number> = { phone: 11, code: 6 };

const codeSchema = smsVerifySchema.shape.code;

function check(field: Field, value: string): string | undefined {
  const result = (field === 'phone' ? phoneSchema : codeSchema).safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

/** Field messages from the API's answer; what belongs to no field becomes the form's message. */
function split(error: ApiError): { fields: FieldErrors; form: string | null } {
  const fields: FieldErrors = { phone: error.fieldError('phone'), code: error.fieldError('code') };
  if (error.code === 'SMS_CODE_INVALID') fields.code = error.title;
  return { fields, form: fields.phone || fields.code ? null : error.title };
}

/** The H5 sign-in form: phone and SMS code, checked with the shared schemas as the server does. */
export function useSmsLogin() {
  const [phone, setPhoneValue] = useState('');
  const [code, setCodeValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [resendIn, startResendCountdown] = useCountdown();

  // Keeps digits only, so a pasted "138 0000 0001" works; the inputs allow extra characters for that.
  const edit = (field: Field, set: (v: string) => void) => (value: string) => {
    set(value.replace(/\D/g, '').slice(0, DIGITS[field]));
    setErrors((current) => ({ ...current, [field]: undefined }));
    setFormError(null);
  };

  const validate = useCallback((field: Field) => {
    const value = field === 'phone' ? phone : code;
    // An untouched empty field is not an error yet; submitting checks it.
    if (value !== '') setErrors((current) => ({ ...current, [field]: check(field, value) }));
  }, [phone, code]);

  const sendCode = useCallback(async () => {
    const phoneError = check('phone', phone);
    setErrors((current) => ({ ...current, phone: phoneError }));
    if (phoneError || sending || resendIn > 0) return;
    setSending(true);
    setFormError(null);
    try {
      await requestSmsCode({ phone });
      startResendCountdown(RESEND_AFTER_S);
      setErrors((current) => ({ ...current, code: undefined }));
      void Taro.showToast({ title: '验证码已发送', icon: 'success' });
    } catch (thrown) {
      const { fields, form } = split(asApiError(thrown));
      setErrors((current) => ({ ...current, ...fields }));
      setFormError(form);
    } finally {
      setSending(false);
    }
  }, [phone, sending, resendIn, startResendCountdown]);

  const submit = useCallback(async () => {
    const found: FieldErrors = { phone: check('phone', phone), code: check('code', code) };
    setErrors(found);
    if (found.phone || found.code || submitting) return;
    setSubmitting(true);
    setFormError(null);
    try {
      session.save(await verifySmsCode({ phone, code }));
      goHome();
    } catch (thrown) {
      const { fields, form } = split(asApiError(thrown));
      setErrors(fields);
      setFormError(form);
      setSubmitting(false);
    }
  }, [phone, code, submitting]);

  return {
    phone,
    code,
    errors,
    formError,
    sending,
    submitting,
    resendIn,
    setPhone: edit('phone', setPhoneValue),
    setCode: edit('code', setCodeValue),
    validate,
    sendCode,
    submit,
  };
}
