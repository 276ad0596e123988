import { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { CheckinResponse } from '@quanzi/contract';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { platform } from '../../../platform';
import { useAuth } from '../../../services/auth';
import { errorMessage, errorStatus, quietApi } from '../../../services/http';
import { eventTime } from '../services/format';
import { useLoad } from '../../../hooks/useLoad';
import { useDoorCounts } from '../hooks/useDoorCounts';
import '../components/events.css';

type Result = { kind: 'ok' | 'again'; res: CheckinResponse } | { kind: 'refused'; message: string };

function CheckIn({ id }: { id: string }) {
  const { token } = useAuth();
  const fetchEvent = useCallback(() => quietApi.getEvent(id), [id]);
  const event = useLoad(fetchEvent, { enabled: token !== null, keepOnError: true });
  // Stats are for admins; a checker gets 403 and sees this session's counter only.
  const fetchStats = useCallback(() => quietApi.eventStats(id), [id]);
  const stats = useLoad(fetchStats, { enabled: token !== null, keepOnError: true });
  // Live counts from every checker's scans; the HTTP stats stay as the admin's first figures.
  const door = useDoorCounts(id, event.load.status === 'ready' && event.load.data.canCheckIn);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [count, setCount] = useState(0);

  const submit = async (raw: string) => {
    const ticketCode = raw.trim();
    if (!ticketCode || busy) return;
    setBusy(true);
    try {
      const res = await quietApi.checkIn(id, { ticketCode });
      setResult({ kind: res.result === 'checked_in' ? 'ok' : 'again', res });
      if (res.result === 'checked_in') setCount((n) => n + 1);
      setCode('');
      void stats.reload();
    } catch (err) {
      setResult({
        kind: 'refused',
        message: errorStatus(err) === 403 ? '你没有这场活动的签到权限' : errorMessage(err),
      });
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const text = await platform.scanCode();
      if (text) await submit(text);
    } catch (err) {
      setResult({ kind: 'refused', message: errorMessage(err) });
    }
  };

  if (event.load.status === 'loading') return <LoadingState />;
  if (event.load.status === 'error')
    return <ErrorState message={event.load.message} onRetry={() => void event.reload()} />;
  const e = event.load.data;
  const totals = door.counts ?? (stats.load.status === 'ready' ? stats.load.data : null);
  if (!e.canCheckIn) return <ErrorState title='无法签到' message='只有管理员和签到员可以为这场活动签到' />;

  return (
    <View>
      <View className='qz-card'>
        <Text className='qz-ev-card__title'>{e.title}</Text>
        <View className='qz-ev-counter qz-checkin-counter'>
          <View>
            <Text className='qz-ev-counter__num qz-session-count'>{count}</Text>
            <Text className='qz-ev-counter__label'>本次签到</Text>
          </View>
          {totals ? (
            <View>
              <Text className='qz-ev-counter__num qz-checkin-stats'>
                {totals.checkedIn}/{totals.registered}
              </Text>
              <Text className='qz-ev-counter__label'>已签到/已报名</Text>
            </View>
          ) : null}
        </View>
        {door.counts
          ? door.counts.byTicketType.map((t) => (
              <View key={t.ticketTypeId} className='qz-ev-row qz-door-type'>
                <Text className='qz-ev-row__name'>{t.name}</Text>
                <Text className='qz-ev-row__hint'>
                  {t.checkedIn}/{t.registered}
                </Text>
              </View>
            ))
          : null}
        {door.counts && door.status !== 'open' ? (
          <Text className='qz-ev-row__hint qz-door-reconnecting'>已断开，正在重连</Text>
        ) : null}
      </View>

      {result ? (
        result.kind === 'refused' ? (
          <View className='qz-ev-result qz-ev-result--refused qz-checkin-result qz-checkin-refused'>
            <Text className='qz-ev-result__title'>无法签到</Text>
            <Text className='qz-ev-result__meta'>{result.message}</Text>
          </View>
        ) : (
          <View
            className={`qz-ev-result qz-checkin-result ${result.kind === 'ok' ? 'qz-ev-result--ok qz-checkin-ok' : 'qz-ev-result--again qz-checkin-again'}`}
          >
            <Text className='qz-ev-result__title'>{result.kind === 'ok' ? '签到成功' : '已签到'}</Text>
            <Text className='qz-ev-result__meta'>
              {result.res.registration.holder.nickname} · {result.res.registration.ticketTypeName}
            </Text>
            <Text className='qz-ev-result__meta'>
              {result.kind === 'ok' ? '签到时间' : '首次签到'} {eventTime(result.res.checkedInAt)}
            </Text>
          </View>
        )
      ) : null}

      <View className='qz-card'>
        {platform.name === 'weapp' ? (
          <Button className='qz-btn qz-btn--primary qz-scan' disabled={busy} onClick={() => void scan()}>
            扫描门票二维码
          </Button>
        ) : null}
        <Text className='qz-ev-field__label'>
          {platform.name === 'weapp' ? '或输入票码' : '输入票码（门票二维码下方的文字）'}
        </Text>
        <Input
          className='qz-input qz-checkin-code'
          placeholder='QZT1.…'
          value={code}
          onInput={(ev) => setCode(ev.detail.value)}
          onConfirm={() => void submit(code)}
        />
        <Button
          className={`qz-btn qz-btn--primary qz-checkin-submit ${busy ? 'qz-btn--busy' : ''}`}
          disabled={busy || !code.trim()}
          onClick={() => void submit(code)}
        >
          签到
        </Button>
      </View>
    </View>
  );
}

export default function CheckinPage() {
  const { params } = useRouter();
  return (
    <View className='qz-page qz-checkin-page'>
      <RequireLogin>{params.id ? <CheckIn id={params.id} /> : <ErrorState message='缺少活动参数' />}</RequireLogin>
    </View>
  );
}
