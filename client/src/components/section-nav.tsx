import { View } from '@tarojs/components';
import { switchSection } from '@/features/auth/navigation';
import './ui.css';

type Section = 'home' | 'campaigns' | 'me';

const SECTIONS: Array<{ key: Section; label: string }> = [
  { key: 'home', label: '需求广场' },
  { key: 'campaigns', label: '公益项目' },
  { key: 'me', label: '我的' },
];

/** The bottom bar of the three top-level pages. `badge` marks "我的" (e.g. unread notices). */
export function SectionNav({ current, badge = 0 }: { current: Section; badge?: number }) {
  return (
    <View className='section-nav' role='navigation'>
      {SECTIONS.map(({ key, label }) => (
        <View
          key={key}
          className={`section-nav__item${key === current ? ' section-nav__item--on' : ''}`}
          data-section={key}
          role='link'
          aria-current={key === current ? 'page' : undefined}
          onClick={() => key !== current && switchSection(key)}
        >
          {label}
          {key === 'me' && badge > 0 ? <View className='ui-badge' style={{ marginLeft: '4px' }}>{badge > 99 ? '99+' : badge}</View> : null}
        </View>
      ))}
    </View>
  );
}
