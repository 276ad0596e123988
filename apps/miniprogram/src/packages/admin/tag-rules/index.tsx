import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { CreateTagRuleRequest, TagRuleBackfillView, TagRuleView } from '@quanzi/contract';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { useLoad } from '../../../hooks/useLoad';
import { usePagedList } from '../../../hooks/usePagedList';
import { api, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { AdminGate } from '../../../components/AdminGate';
import { useAdminCircle } from '../hooks/useAdminCircle';
import { RuleForm } from '../components/RuleForm';
import { loadTags, ruleSentence, shanghaiDate, tagsErrorText } from '../services/tag-rules';
import '../components/admin.css';
import '../components/tag-rules.css';

const backfillPending = (rule: TagRuleView) =>
  rule.backfill?.status === 'queued' || rule.backfill?.status === 'running';

/** The latest backfill, in words: it runs in the background, so the card says where it stands. */
function backfillText(b: TagRuleBackfillView): string {
  if (b.status === 'done') return `上次补算：检查 ${b.membersEvaluated ?? 0} 人，新添加 ${b.newlyTagged ?? 0} 人`;
  if (b.status === 'failed') return '补算暂时失败，系统会自动重试';
  return '正在后台补算历史记录，完成后刷新查看结果';
}

function RuleCard({
  rule,
  tagName,
  busy,
  onEdit,
  onToggle,
  onBackfill,
  onDelete,
}: {
  rule: TagRuleView;
  tagName: string;
  busy: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onBackfill: () => void;
  onDelete: () => void;
}) {
  return (
    <View className={`qz-card qz-rule ${rule.enabled ? '' : 'qz-rule--off'}`} data-rule-id={rule.id}>
      <View className='qz-rule__head'>
        <Text className='qz-rule__name qz-rule-card-name'>{rule.name}</Text>
        <Text className='qz-rule__state'>{rule.enabled ? '生效中' : '已停用'}</Text>
      </View>
      <Text className='qz-rule__sentence qz-rule-sentence'>{ruleSentence(rule, tagName)}</Text>
      <Text className='qz-rule__meta'>
        已为 {rule.grantedCount} 位成员添加 · 创建于 {shanghaiDate(rule.createdAt)}
      </Text>
      {rule.backfill ? (
        <Text className='qz-rule__meta qz-rule-backfill-state'>{backfillText(rule.backfill)}</Text>
      ) : null}
      <View className='qz-rule__actions'>
        <Button className='qz-btn qz-btn--plain qz-btn--small qz-rule-edit' disabled={busy} onClick={onEdit}>
          编辑
        </Button>
        <Button className='qz-btn qz-btn--plain qz-btn--small qz-rule-toggle' disabled={busy} onClick={onToggle}>
          {rule.enabled ? '停用' : '启用'}
        </Button>
        <Button
          className='qz-btn qz-btn--ghost qz-btn--small qz-rule-backfill'
          disabled={busy || !rule.enabled || backfillPending(rule)}
          onClick={onBackfill}
        >
          {backfillPending(rule) ? '补算中…' : '补算历史'}
        </Button>
        <Button className='qz-btn qz-btn--danger qz-btn--small qz-rule-delete' disabled={busy} onClick={onDelete}>
          删除
        </Button>
      </View>
    </View>
  );
}

function TagRules({ id }: { id: string }) {
  const admin = useAdminCircle();
  const fetchPage = useCallback((cursor?: string) => quietApi.listTagRules(id, { cursor }), [id]);
  const list = usePagedList(fetchPage, admin.isAdmin);
  useListPage(list, admin.reload);
  const fetchTags = useCallback(() => loadTags(id), [id]);
  const { load: tags, reload: reloadTags } = useLoad(fetchTags, { enabled: admin.isAdmin, message: tagsErrorText });
  // null: no form; 'new': creating; a rule: editing it.
  const [editing, setEditing] = useState<TagRuleView | 'new' | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const tagName = (tagId: string) =>
    tags.status === 'ready' ? (tags.data.find((t) => t.id === tagId)?.name ?? '已删除的标签') : '标签';
  const replace = (saved: TagRuleView) => list.update((items) => items.map((r) => (r.id === saved.id ? saved : r)));

  const submit = async (body: CreateTagRuleRequest) => {
    if (editing === 'new') {
      const created = await quietApi.createTagRule(id, body);
      list.update((items) => [created, ...items]);
      toastDone('规则已创建');
    } else if (editing) {
      replace(await quietApi.updateTagRule(id, editing.id, body));
      toastDone('已保存');
    }
    setEditing(null);
  };

  const run = async (rule: TagRuleView, action: () => Promise<void>) => {
    setBusyId(rule.id);
    try {
      await action();
    } catch {
      // Toasted by the http layer.
    } finally {
      setBusyId(null);
    }
  };

  const toggle = (rule: TagRuleView) =>
    run(rule, async () => replace(await api.updateTagRule(id, rule.id, { enabled: !rule.enabled })));
  const backfill = async (rule: TagRuleView) => {
    const ok = await confirm({
      title: '补算历史',
      content: `将按「${rule.name}」的当前设置检查圈子过去的全部记录，符合条件的成员会被添加标签（已添加的不会重复）。`,
      confirmText: '开始补算',
    });
    if (!ok) return;
    await run(rule, async () => {
      const backfill = await api.backfillTagRule(id, rule.id);
      replace({ ...rule, backfill });
      toastDone('已开始补算');
    });
  };
  const remove = async (rule: TagRuleView) => {
    const ok = await confirm({
      title: '删除规则',
      content: `删除「${rule.name}」后不再自动添加标签，已添加的标签会保留。`,
      confirmText: '删除',
      danger: true,
    });
    if (!ok) return;
    await run(rule, async () => {
      await api.deleteTagRule(id, rule.id);
      list.update((items) => items.filter((r) => r.id !== rule.id));
      toastDone('已删除');
    });
  };

  let body;
  if (list.status === 'loading') body = <LoadingState />;
  else if (list.status === 'error')
    body = <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  else if (list.items.length === 0) {
    body = (
      <EmptyState
        className='qz-rules-empty'
        glyph='规'
        title='还没有规则'
        hint='例如：30 天内签到 3 场活动，自动添加「核心成员」。'
      />
    );
  } else {
    body = (
      <View className='qz-rules-list'>
        {list.items.map((r) => (
          <RuleCard
            key={r.id}
            rule={r}
            tagName={tagName(r.tagId)}
            busy={busyId === r.id}
            onEdit={() => setEditing(r)}
            onToggle={() => void toggle(r)}
            onBackfill={() => void backfill(r)}
            onDelete={() => void remove(r)}
          />
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
      <Text className='qz-rules-intro'>成员的行为达到条件时，自动为其添加标签，来源记为该规则。</Text>
      {editing ? (
        <RuleForm
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          tags={tags}
          onRetryTags={() => void reloadTags()}
          onSubmit={submit}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <Button className='qz-btn qz-btn--primary qz-rules-new' onClick={() => setEditing('new')}>
          新建规则
        </Button>
      )}
      {body}
    </AdminGate>
  );
}

export default function TagRulesPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-tag-rules-page'>
      <RequireLogin>{id ? <TagRules id={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  );
}
