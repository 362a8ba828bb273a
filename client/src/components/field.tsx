import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './ui.css';

/** A labelled form row with its inline error underneath (empty space kept so the form does not jump). */
export function Field({ label, name, error, children }: { label: string; name: string; error?: string; children: ReactNode }) {
  return (
    <View className='ui-field' data-field={name}>
      <Text className='ui-label' id={`label-${name}`}>{label}</Text>
      {children}
      <View className='ui-error' data-error-for={name} role={error ? 'alert' : undefined}>{error ?? ''}</View>
    </View>
  );
}
