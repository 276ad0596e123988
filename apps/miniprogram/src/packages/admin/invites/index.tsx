import Taro from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { InviteLimits, type InviteState, type InviteView, type TagView } from '@quanzi/contract';
import { Chips, type ChipOption } from '../../../components/Chips';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { errorMessage, fieldMessages, quietApi } from '../../../services/http';
import { chinaTime, inviteCodeImageUrl, inviteLink } from '../../../services/invites';
import { platform } from '../../../platform';
import { toastDone, toastText } from '../../../utils/confirm';
import { AdminGate } from '../../../components/AdminGate';
import { TagChips, toggle } from '../components/TagChips';
import { useAdminCircle } from '../hooks/useAdminCircle';
import { useTags } from '../hooks/useTags';
import '../components/admin.css';
import '../components/tags.css';
import { PrivacySheet } from '../../../components/PrivacySheet';

type Expiry = 'none' | '1' | '7' | '30';
const EXPIRY_OPTIONS: ChipOption<Expiry>[] = [
  { value: 'none', label: '长期有效' },
  { value: '1', label: '1 天' },
  { value: '7', label: '7 天' },
  { value: '30', label: '30 天' },
];
const stateLabel: Record<InviteState, string> = { open: '有效', expired: '已过期', exhausted: '名额已满' };

function CreateForm({
  circleId,
  tags,
  onCreated,
}: {
  circleId: string;
  tags: TagView[];
  onCreated: (invite: InviteView) => void;
}) {
  const [channel, setChannel] = useState('');
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [expiry, setExpiry] = useState<Expiry>('none');
  const [maxUses, setMaxUses] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!channel.trim()) return setError('请填写渠道名称');
    if (maxUses && !/^[1-9]\d*$/.test(maxUses)) return setError('使用次数上限需为正整数');
    setBusy(true);
    setError(null);
    try {
      const invite = await quietApi.createInvite(circleId, {
        channel: channel.trim(),
        tagIds: tagIds.length ? tagIds : undefined,
        expiresAt: expiry === 'none' ? undefined : new Date(Date.now() + Number(expiry) * 86_400_000).toISOString(),
        maxUses: maxUses ? Number(maxUses) : undefined,
      });
      onCreated(invite);
      setChannel('');
      setTagIds([]);
      setMaxUses('');
      toastDone('已创建');
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='qz-card qz-invite-form'>
      <Text className='qz-section-title'>新建邀请链接</Text>
      <View className='qz-form-row'>
        <Text className='qz-form-label'>渠道</Text>
        <Input
          className='qz-input qz-invite-form-channel'
          placeholder='如「线下沙龙」「公众号」'
          maxlength={InviteLimits.channelMax}
          value={channel}
          onInput={(e) => setChannel(e.detail.value)}
        />
      </View>
      <View className='qz-form-row'>
        <Text className='qz-form-label'>加入后自动打上的标签</Text>
        {tags.length ? (
          <TagChips
            className='qz-invite-form-tags'
            tags={tags}
            selected={tagIds}
            onToggle={(id) => setTagIds((l) => toggle(l, id))}
          />
        ) : (
          <Text className='qz-invite-row__meta'>还没有标签，可先到「标签管理」添加</Text>
        )}
      </View>
      <View className='qz-form-row'>
        <Text className='qz-form-label'>有效期</Text>
        <Chips className='qz-invite-form-expiry' options={EXPIRY_OPTIONS} value={expiry} onChange={setExpiry} />
      </View>
      <View className='qz-form-row'>
        <Text className='qz-form-label'>使用次数上限（选填）</Text>
        <Input
          className='qz-input qz-invite-form-max'
          type='number'
          placeholder='不填则不限'
          value={maxUses}
          onInput={(e) => setMaxUses(e.detail.value)}
        />
      </View>
      {error ? <Text className='qz-form-error qz-invite-form-error'>{error}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-invite-form-submit ${busy ? 'qz-btn--busy' : ''}`}
        loading={busy}
        disabled={busy}
        onClick={() => void submit()}
      >
        生成邀请链接
      </Button>
    </View>
  );
}

/** 渠道活码: the link's own code (it carries only the invite code, so editing tags never breaks it). */
function CodePreview({ invite }: { invite: InviteView }) {
  const [failed, setFailed] = useState(false);
  const url = inviteCodeImageUrl(invite.code);
  const save = async () => toastText((await platform.saveImage(url)) ? '已保存' : '保存失败，请稍后再试');
  if (invite.state !== 'open')
    return <Text className='qz-invite-row__meta qz-invite-code-closed'>链接已失效，扫码会看到失效提示</Text>;
  return (
    <View className='qz-invite-code-preview'>
      {failed ? (
        <Text className='qz-invite-row__meta'>二维码暂时无法生成，请稍后再试</Text>
      ) : (
        <Image
          className='qz-invite-code-preview__image qz-invite-code-image'
          src={url}
          mode='aspectFit'
          showMenuByLongpress
          onError={() => setFailed(true)}
        />
      )}
      <Text className='qz-invite-row__meta'>
        「{invite.channel}」专属{platform.name === 'h5' ? '二维码' : '小程序码'} · 扫码加入计入本渠道
      </Text>
      {failed ? null : (
        <Button className='qz-btn qz-btn--primary qz-btn--small qz-invite-code-save' onClick={() => void save()}>
          {platform.name === 'h5' ? '下载' : '保存到相册'}
        </Button>
      )}
    </View>
  );
}

function InviteRow({ invite }: { invite: InviteView }) {
  const [showCode, setShowCode] = useState(false);
  const copy = async () => {
    try {
      await Taro.setClipboardData({ data: inviteLink(invite.code) });
      toastDone('已复制');
    } catch {
      toastText('复制失败');
    }
  };
  return (
    <View className='qz-card qz-invite-row' data-code={invite.code}>
      <View className='qz-invite-row__head'>
        <Text className='qz-invite-row__channel qz-invite-channel'>{invite.channel}</Text>
        <Text className={`qz-badge ${invite.state === 'open' ? 'qz-badge--brand' : ''} qz-invite-state`}>
          {stateLabel[invite.state]}
        </Text>
      </View>
      <View className='qz-invite-row__numbers'>
        <Text className='qz-invite-clicks'>点击 {invite.clicks}</Text>
        <Text className='qz-invite-joins'>加入 {invite.joins}</Text>
        {invite.maxUses !== null ? <Text>上限 {invite.maxUses}</Text> : null}
      </View>
      {invite.tags.length ? (
        <Text className='qz-invite-row__meta qz-invite-tags'>标签：{invite.tags.map((t) => t.name).join('、')}</Text>
      ) : null}
      <Text className='qz-invite-row__meta'>
        邀请码 <Text className='qz-invite-code-text'>{invite.code}</Text>
        {invite.kind === 'personal' ? ` · ${invite.inviter?.nickname ?? ''}的个人链接` : ''}
        {invite.expiresAt ? ` · ${chinaTime(invite.expiresAt)} 到期` : ' · 长期有效'}
      </Text>
      <View className='qz-invite-actions'>
        <Button className='qz-btn qz-btn--ghost qz-btn--small qz-invite-copy' onClick={() => void copy()}>
          复制链接
        </Button>
        <Button
          className='qz-btn qz-btn--ghost qz-btn--small qz-invite-code-toggle'
          onClick={() => setShowCode((v) => !v)}
        >
          {showCode ? '收起' : platform.name === 'h5' ? '二维码' : '小程序码'}
        </Button>
      </View>
      {showCode ? <CodePreview invite={invite} /> : null}
    </View>
  );
}

function Invites() {
  const admin = useAdminCircle();
  const id = admin.id ?? '';
  const { tags } = useTags(id, admin.isAdmin);
  const fetchPage = useCallback((cursor?: string) => quietApi.listInvites(id, { cursor }), [id]);
  const list = usePagedList(fetchPage, admin.isAdmin);
  // Pull down to refresh the live numbers (clicks, joins).
  useListPage(list, admin.reload);

  let body;
  if (list.status === 'loading') body = <LoadingState />;
  else if (list.status === 'error')
    body = <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  else if (list.items.length === 0)
    body = (
      <EmptyState
        className='qz-invites-empty'
        glyph='邀'
        title='还没有邀请链接'
        hint='为每个渠道生成一条链接，就能看到每个渠道带来了多少人。'
      />
    );
  else {
    body = (
      <View className='qz-invite-list'>
        {list.items.map((invite) => (
          <InviteRow key={invite.id} invite={invite} />
        ))}
        <ListFooter
          count={list.items.length}
          loadingMore={list.loadingMore}
          moreFailed={list.moreFailed}
          hasMore={list.hasMore}
          onLoadMore={() => void list.loadMore()}
        />
      </View>
    );
  }

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <CreateForm circleId={id} tags={tags} onCreated={(invite) => list.update((items) => [invite, ...items])} />
      <View className='qz-invite-list-head'>
        <Text className='qz-section-title'>链接数据</Text>
        <Button className='qz-btn qz-btn--plain qz-btn--small qz-invites-refresh' onClick={() => void list.refresh()}>
          刷新
        </Button>
      </View>
      {body}
    </AdminGate>
  );
}

export default function AdminInvitesPage() {
  return (
    <View className='qz-page qz-admin-invites'>
      <RequireLogin>
        <Invites />
      </RequireLogin>
      <PrivacySheet />
    </View>
  );
}
