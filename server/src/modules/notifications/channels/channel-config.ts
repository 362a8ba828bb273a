import { NOTIFICATION_KINDS, type NotificationKind } from '@tongxin/shared';

/** Which notification kinds go out as WeChat subscribe messages, and how. */
export interface ChannelSettings {
  /** Kind → subscribe-message template id (from the mini program's console). */
  templates: Partial<Record<NotificationKind, string>>;
  /** Kinds whose template is long-term (civic-service mini programs): no opt-in is counted or spent. */
  longTerm: ReadonlySet<NotificationKind>;
  /** Mini-program page a message opens. */
  page: string;
}

const isKind = (value: string): value is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(value);

/** Parses `kind=templateId,kind=templateId` and `kind,kind`; an unknown kind is a configuration error at boot. */
export function parseChannelSettings(templates: string, longTermKinds: string, page: string): ChannelSettings {
  const parsed: Partial<Record<NotificationKind, string>> = {};
  for (const pair of templates.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [kind, templateId] = pair.split('=').map((p) => p.trim());
    if (!kind || !isKind(kind) || !templateId) throw new Error(`WECHAT_SUBSCRIBE_TEMPLATES: "${pair}" is not <kind>=<template id> with a known kind`);
    parsed[kind] = templateId;
  }
  const longTerm = new Set<NotificationKind>();
  for (const kind of longTermKinds.split(',').map((k) => k.trim()).filter(Boolean)) {
    if (!isKind(kind)) throw new Error(`WECHAT_LONG_TERM_KINDS: unknown kind "${kind}"`);
    longTerm.add(kind);
  }
  return { templates: parsed, longTerm, page };
}
