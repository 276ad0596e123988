import { Button, Text, View } from '@tarojs/components';
import type { CircleView } from '@quanzi/contract';
import { CircleCover } from '../CircleCover';
import { countLabel, joinPolicyLabel } from '../../utils/format';
import { joinAction } from '../../utils/membership';
import './index.css';

export interface CircleCardProps {
  circle: CircleView;
  onOpen: (circle: CircleView) => void;
  /** Shows the join button; omitted in 我的圈子 where every circle is already mine. */
  onJoin?: (circle: CircleView) => void;
  /** The join request for this card is in flight. */
  joining?: boolean;
}

/** A circle in a list: cover, name, description, member count and the join button. */
export function CircleCard({ circle, onOpen, onJoin, joining = false }: CircleCardProps) {
  const action = joinAction(circle);
  const role = circle.myMembership?.status === 'active' ? circle.myMembership.role : null;
  return (
    <View className='qz-card qz-circle-card' data-circle-id={circle.id} onClick={() => onOpen(circle)}>
      <CircleCover name={circle.name} coverUrl={circle.coverUrl} />
      <View className='qz-circle-card__body'>
        <View className='qz-circle-card__title-row'>
          <Text className='qz-circle-card__name qz-circle-name'>{circle.name}</Text>
          {role === 'owner' ? <Text className='qz-badge qz-badge--brand'>圈主</Text> : null}
          {role === 'admin' ? <Text className='qz-badge qz-badge--brand'>管理员</Text> : null}
        </View>
        <Text className='qz-circle-card__desc'>{circle.description || '圈主还没有写简介'}</Text>
        <Text className='qz-circle-card__meta'>
          <Text className='qz-circle-members'>{countLabel(circle.memberCount)} 位成员</Text>
          {` · ${joinPolicyLabel[circle.joinPolicy]}`}
        </Text>
      </View>
      {onJoin ? (
        <Button
          className={`qz-circle-card__join qz-join qz-join--${action.kind} ${joining ? 'qz-btn--busy' : ''}`}
          size='mini'
          disabled={joining || action.kind !== 'join'}
          loading={joining}
          onClick={(e) => {
            e.stopPropagation();
            if (action.kind === 'join') onJoin(circle);
          }}
        >
          {action.label}
        </Button>
      ) : null}
    </View>
  );
}
