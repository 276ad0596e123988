import { Text, View } from '@tarojs/components';
import type { EventSummaryView } from '@quanzi/contract';
import { eventRange, eventStatusLabel } from '../services/format';
import './events.css';

export function EventCard({ e, onOpen }: { e: EventSummaryView; onOpen: () => void }) {
  return (
    <View className='qz-card qz-ev-card qz-event-item' onClick={onOpen}>
      <Text className='qz-ev-card__title'>{e.title}</Text>
      <View>
        <Text className={`qz-ev-badge ${e.status === 'published' ? '' : 'qz-ev-badge--muted'}`}>
          {eventStatusLabel[e.status]}
        </Text>
        <Text className='qz-ev-badge qz-ev-badge--muted'>{e.mode === 'online' ? '线上' : '线下'}</Text>
      </View>
      <Text className='qz-ev-card__meta'>{eventRange(e)}</Text>
      {e.location ? <Text className='qz-ev-card__meta'>{e.location}</Text> : null}
    </View>
  );
}
