import type {
  AudienceRegistrationStatus,
  BroadcastAudience,
  BroadcastStatus,
  EngagementSegment,
} from '@quanzi/contract';

export const STATUS_LABEL: Record<BroadcastStatus, string> = {
  scheduled: '待发送',
  sending: '发送中',
  sent: '已发送',
  cancelled: '已取消',
};

export const REGISTRATION_LABEL: Record<AudienceRegistrationStatus, string> = {
  pending_approval: '待审核',
  pending_payment: '待支付',
  confirmed: '已确认',
  checked_in: '已签到',
  waitlisted: '候补中',
  confirmed_not_checked_in: '已确认未签到',
};

/** Why a recipient was skipped, and what a subscribe-message error code means, in the admin's words. */
export const SKIP_LABEL: Record<string, string> = { capped: '超过每日上限', muted: '已屏蔽本圈或群发' };
export const PUSH_ERROR_LABEL: Record<string, string> = {
  '43101': '未订阅（43101）',
  no_credit: '无订阅额度',
  no_template: '未配置模板',
};

const SHANGHAI_MS = 8 * 3600 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 2030-03-01 12:00 (Beijing time) */
export function shanghaiTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + SHANGHAI_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}`;
}

/** Picker values for a moment: 'YYYY-MM-DD', 'HH:mm' in Beijing time. */
export function shanghaiInputs(ms: number): { date: string; time: string } {
  const [date, time] = shanghaiTime(new Date(ms).toISOString()).split(' ');
  return { date, time };
}

/** 'YYYY-MM-DD' + 'HH:mm' (Beijing time) → ISO, or null when malformed. */
export function fromShanghaiInputs(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, h, min) - SHANGHAI_MS).toISOString();
}

/** The audience in one line: 「标签 A 且 B · 活动报名（已签到）· 30 天未活跃」. */
export function audienceSentence(
  a: BroadcastAudience,
  names: { tag: (id: string) => string; event: (id: string) => string; poll: (id: string) => string },
): string {
  const parts: string[] = [];
  if (a.tagIds?.length) parts.push(`标签 ${a.tagIds.map(names.tag).join(a.tagMode === 'any' ? ' 或 ' : ' 且 ')}`);
  if (a.channel) parts.push(`渠道「${a.channel}」`);
  if (a.inviterId) parts.push('指定邀请人');
  if (a.eventId) {
    const status = a.registrationStatus ? `（${REGISTRATION_LABEL[a.registrationStatus]}）` : '';
    parts.push(`「${names.event(a.eventId)}」报名者${status}`);
  }
  if (a.pollId) parts.push(`参与了「${names.poll(a.pollId)}」`);
  if (a.notAnsweredPollId) parts.push(`未参与「${names.poll(a.notAnsweredPollId)}」`);
  if (a.inactiveDays) parts.push(`${a.inactiveDays} 天未活跃`);
  if (a.segment) parts.push(`分层「${a.segment as EngagementSegment}」`);
  return parts.length ? parts.join(' · ') : '全部成员';
}
