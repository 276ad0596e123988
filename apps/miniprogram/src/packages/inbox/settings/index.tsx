import { Picker, Switch, Text, View } from '@tarojs/components';
import {
  NotificationLimits,
  type NotificationKind,
  type NotificationSettingsView,
  type UpdateNotificationSettingsRequest,
} from '@quanzi/contract';
import { useCallback, type ReactNode } from 'react';
import { RequireLogin } from '../../../components/RequireLogin';
import { SubscribePrompt } from '../../../components/SubscribePrompt';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { usePagedList } from '../../../hooks/usePagedList';
import { useAuth } from '../../../services/auth';
import { api, quietApi } from '../../../services/http';
import { KindGroups, KindMeta } from '../components/kinds';
import '../components/inbox.css';

function Row({
  label,
  hint,
  children,
  className,
}: {
  label: string;
  hint?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <View className={`qz-settings-row ${className ?? ''}`}>
      <View>
        <Text>{label}</Text>
        {hint ? <Text className='qz-settings-row__hint'>{hint}</Text> : null}
      </View>
      {children}
    </View>
  );
}

function MutedCircles({ muted, onToggle }: { muted: string[]; onToggle: (circleId: string, on: boolean) => void }) {
  const fetchPage = useCallback((cursor?: string) => quietApi.myCircles({ cursor }), []);
  const circles = usePagedList(fetchPage);
  if (circles.status === 'loading') return <LoadingState />;
  if (circles.status === 'error')
    return <ErrorState message={circles.error ?? ''} onRetry={() => void circles.refresh()} />;
  if (circles.items.length === 0) return <Text className='qz-settings-row__hint'>还没有加入圈子</Text>;
  return (
    <View>
      {circles.items.map((c) => (
        <Row key={c.id} label={c.name} className='qz-settings-circle'>
          <Switch checked={!muted.includes(c.id)} onChange={(e) => onToggle(c.id, e.detail.value)} />
        </Row>
      ))}
      <ListFooter
        count={circles.items.length}
        loadingMore={circles.loadingMore}
        moreFailed={circles.moreFailed}
        hasMore={circles.hasMore}
        onLoadMore={() => void circles.loadMore()}
        endText=''
      />
    </View>
  );
}

function Settings() {
  const fetch = useCallback(() => quietApi.getNotificationSettings(), []);
  const { load, reload, set, data } = useLoad(fetch);

  /** Saves one change; the screen shows it at once and goes back to the saved state if refused. */
  const save = async (change: UpdateNotificationSettingsRequest, optimistic: NotificationSettingsView) => {
    const before = data;
    set(optimistic);
    try {
      set(await api.updateNotificationSettings(change));
    } catch {
      if (before) set(before);
    }
  };

  if (load.status === 'loading') return <LoadingState />;
  if (load.status === 'error') return <ErrorState message={load.message} onRetry={() => void reload()} />;
  const s = load.data;

  const toggleKind = (kind: NotificationKind, on: boolean) => {
    const disabledKinds = on ? s.disabledKinds.filter((k) => k !== kind) : [...s.disabledKinds, kind];
    void save({ disabledKinds }, { ...s, disabledKinds });
  };
  const toggleCircle = (circleId: string, on: boolean) => {
    const mutedCircleIds = on ? s.mutedCircleIds.filter((id) => id !== circleId) : [...s.mutedCircleIds, circleId];
    void save({ mutedCircleIds }, { ...s, mutedCircleIds });
  };
  const setQuiet = (quietHours: NotificationSettingsView['quietHours']) =>
    void save({ quietHours }, { ...s, quietHours });
  const quiet = s.quietHours;

  return (
    <View>
      <SubscribePrompt hint='报名审核、活动提醒和圈子通知，也通过微信通知你' className='qz-settings-subscribe' />
      <Text className='qz-settings-group__title'>免打扰时段</Text>
      <View className='qz-card'>
        <Row label='夜间免打扰' hint='该时段内的微信提醒推迟到结束后发送，消息照常进收件箱'>
          <Switch
            className='qz-quiet-switch'
            checked={quiet !== null}
            onChange={(e) => setQuiet(e.detail.value ? { ...NotificationLimits.defaultQuietHours } : null)}
          />
        </Row>
        {quiet ? (
          <>
            <Picker mode='time' value={quiet.start} onChange={(e) => setQuiet({ ...quiet, start: e.detail.value })}>
              <Row label='开始时间'>
                <Text className='qz-settings-row__value qz-quiet-start'>{quiet.start}</Text>
              </Row>
            </Picker>
            <Picker mode='time' value={quiet.end} onChange={(e) => setQuiet({ ...quiet, end: e.detail.value })}>
              <Row label='结束时间'>
                <Text className='qz-settings-row__value qz-quiet-end'>{quiet.end}</Text>
              </Row>
            </Picker>
          </>
        ) : null}
      </View>

      {KindGroups.map((group) => (
        <View key={group.title}>
          <Text className='qz-settings-group__title'>{group.title}</Text>
          <View className='qz-card'>
            {group.kinds.map((kind) => (
              <Row key={kind} label={KindMeta[kind].label} className={`qz-settings-kind qz-settings-kind--${kind}`}>
                <Switch checked={!s.disabledKinds.includes(kind)} onChange={(e) => toggleKind(kind, e.detail.value)} />
              </Row>
            ))}
          </View>
        </View>
      ))}

      <Text className='qz-settings-group__title'>按圈子接收（关闭即免打扰该圈子的全部消息）</Text>
      <View className='qz-card'>
        <MutedCircles muted={s.mutedCircleIds} onToggle={toggleCircle} />
      </View>
    </View>
  );
}

export default function NotificationSettingsPage() {
  const { token } = useAuth();
  return (
    <View className='qz-page qz-notification-settings'>
      <RequireLogin>{token ? <Settings /> : null}</RequireLogin>
    </View>
  );
}
