import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { TagLimits, type TagView } from '@quanzi/contract';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { api, errorMessage, fieldMessages, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { AdminGate } from '../../../components/AdminGate';
import { useAdminCircle } from '../hooks/useAdminCircle';
import { useTags } from '../hooks/useTags';
import '../components/admin.css';
import '../components/tags.css';

const COLORS = ['#3b82f6', '#22c55e', '#f97316', '#ef4444', '#a855f7', '#64748b'];

function TagRow({
  circleId,
  tag,
  onSaved,
  onDeleted,
}: {
  circleId: string;
  tag: TagView;
  onSaved: (t: TagView) => void;
  onDeleted: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(tag.name);
  const save = async () => {
    try {
      onSaved(await api.updateTag(circleId, tag.id, { name: name.trim() }));
      setEditing(false);
      toastDone('已保存');
    } catch {
      // Toasted by the http layer.
    }
  };
  const remove = async () => {
    const ok = await confirm({
      title: '删除标签',
      content: `删除「${tag.name}」后，所有成员身上的这个标签都会被移除，且无法恢复。`,
      confirmText: '删除',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteTag(circleId, tag.id);
      onDeleted();
      toastDone('已删除');
    } catch {
      // Toasted by the http layer.
    }
  };
  return (
    <View className='qz-tag-row qz-tag' data-tag={tag.name}>
      <Text className='qz-tag-dot' style={{ background: tag.color }} />
      {editing ? (
        <Input
          className='qz-input qz-tag-rename'
          value={name}
          maxlength={TagLimits.nameMax}
          onInput={(e) => setName(e.detail.value)}
        />
      ) : (
        <Text className='qz-tag-row__name qz-tag-name'>{tag.name}</Text>
      )}
      {editing ? (
        <Button className='qz-btn qz-btn--primary qz-btn--small qz-tag-save' onClick={() => void save()}>
          保存
        </Button>
      ) : (
        <Button className='qz-btn qz-btn--plain qz-btn--small qz-tag-edit' onClick={() => setEditing(true)}>
          改名
        </Button>
      )}
      <Button className='qz-btn qz-btn--danger qz-btn--small qz-tag-delete' onClick={() => void remove()}>
        删除
      </Button>
    </View>
  );
}

function Tags() {
  const admin = useAdminCircle();
  const id = admin.id ?? '';
  const { load, tags, update: setTags, reload } = useTags(id, admin.isAdmin);
  const [name, setName] = useState('');
  const [color, setColor] = useState(COLORS[0]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    if (!name.trim()) {
      setFormError('请输入标签名');
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const tag = await quietApi.createTag(id, { name: name.trim(), color });
      setTags((list) => [...list, tag]);
      setName('');
      toastDone('已添加');
    } catch (err) {
      setFormError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  let list;
  if (load.status === 'loading') list = <LoadingState />;
  else if (load.status === 'error') list = <ErrorState message={load.message} onRetry={() => void reload()} />;
  else if (tags.length === 0)
    list = (
      <EmptyState
        className='qz-tags-empty'
        glyph='标'
        title='还没有标签'
        hint='添加标签后，可以在邀请链接里预设，或给成员批量打标签。'
      />
    );
  else {
    list = (
      <View className='qz-card qz-tag-list'>
        {tags.map((t) => (
          <TagRow
            key={t.id}
            circleId={id}
            tag={t}
            onSaved={(next) => setTags((all) => all.map((x) => (x.id === next.id ? next : x)))}
            onDeleted={() => setTags((all) => all.filter((x) => x.id !== t.id))}
          />
        ))}
      </View>
    );
  }

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <View className='qz-card'>
        <Text className='qz-section-title'>新建标签</Text>
        <Input
          className='qz-input qz-tag-form-name'
          placeholder='标签名，如「沙龙来客」'
          maxlength={TagLimits.nameMax}
          value={name}
          onInput={(e) => setName(e.detail.value)}
          onConfirm={() => void create()}
        />
        <View className='qz-tag-chips'>
          {COLORS.map((c) => (
            <Text key={c} className={`qz-tag-chip ${c === color ? 'qz-tag-chip--on' : ''}`} onClick={() => setColor(c)}>
              <Text className='qz-tag-dot' style={{ background: c }} />
              {c === color ? '已选' : '颜色'}
            </Text>
          ))}
        </View>
        {formError ? <Text className='qz-form-error qz-tag-form-error'>{formError}</Text> : null}
        <Button
          className={`qz-btn qz-btn--primary qz-tag-form-submit ${busy ? 'qz-btn--busy' : ''}`}
          loading={busy}
          disabled={busy}
          onClick={() => void create()}
        >
          添加标签
        </Button>
      </View>
      {list}
    </AdminGate>
  );
}

export default function TagsPage() {
  return (
    <View className='qz-page qz-admin-tags'>
      <RequireLogin>
        <Tags />
      </RequireLogin>
    </View>
  );
}
