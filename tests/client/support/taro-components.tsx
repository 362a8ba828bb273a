/**
 * Taro's host components as plain DOM elements, for component tests under jsdom. Only the props
 * the app uses are mapped; events carry `detail.value` the way Taro delivers them.
 */
import { createElement, type ReactNode } from 'react';

type Props = Record<string, unknown> & { children?: ReactNode; className?: string; nativeProps?: Record<string, unknown> };
const REACT_NAMES: Record<string, string> = { inputmode: 'inputMode', autocomplete: 'autoComplete' };

type Detail = { detail: { value: unknown } };

function passThrough(props: Props): Record<string, unknown> {
  const { nativeProps, children: _children, ...rest } = props;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'onClick' || key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'className' || key === 'style' || key === 'id') {
      out[key] = value;
    }
  }
  // Taro passes nativeProps to the element as HTML attributes; React wants their camelCase names.
  const native = Object.fromEntries(Object.entries(nativeProps ?? {}).map(([k, v]) => [REACT_NAMES[k] ?? k, v]));
  return { ...out, ...native };
}

function withDetail(handler: unknown, read: (event: { target: HTMLInputElement }) => unknown) {
  return typeof handler === 'function' ? (event: { target: HTMLInputElement }) => (handler as (e: Detail) => void)({ detail: { value: read(event) } }) : undefined;
}

export const View = (props: Props) => createElement('div', passThrough(props), props.children);
export const Text = (props: Props) => createElement('span', passThrough(props), props.children);
export const Button = (props: Props) =>
  createElement('button', { ...passThrough(props), type: 'button', disabled: Boolean(props.disabled), 'aria-busy': Boolean(props.loading) }, props.children);
export const Input = (props: Props) =>
  createElement('input', {
    ...passThrough(props),
    value: props.value as string,
    placeholder: props.placeholder as string,
    onChange: withDetail(props.onInput, (e) => e.target.value),
    onInput: undefined,
    onBlur: withDetail(props.onBlur, (e) => e.target.value),
    onKeyDown: (e: { key: string; target: HTMLInputElement }) => e.key === 'Enter' && withDetail(props.onConfirm, (ev) => ev.target.value)?.(e),
  });
export const Textarea = (props: Props) =>
  createElement('textarea', { ...passThrough(props), value: props.value as string, onChange: withDetail(props.onInput, (e) => e.target.value), onInput: undefined });
export const Switch = (props: Props) =>
  createElement('input', { ...passThrough(props), type: 'checkbox', role: 'switch', checked: Boolean(props.checked), onChange: withDetail(props.onChange, (e) => e.target.checked) });
export const Image = (props: Props) => createElement('img', { ...passThrough(props), src: props.src as string, alt: props.ariaLabel as string });
export const Slider = (props: Props) =>
  createElement('input', { ...passThrough(props), type: 'range', min: props.min as number, max: props.max as number, value: props.value as number, onChange: withDetail(props.onChange, (e) => Number(e.target.value)) });
