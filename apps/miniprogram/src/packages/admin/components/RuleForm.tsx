import { Button, Input, Switch, Text, View } from '@tarojs/components';
import { useState } from 'react';
import {
  TagRuleActivities,
  TagRuleActivityTarget,
  TagRuleCountModes,
  TagRuleLimits,
  type CreateTagRuleRequest,
  type TagRuleActivity,
  type TagRuleCountMode,
  type TagRuleView,
} from '@quanzi/contract';
import { Chips } from '../../../components/Chips';
import { ErrorState, LoadingState } from '../../../components/Status';
import type { Load } from '../../../hooks/useLoad';
import { errorMessage, fieldMessages } from '../../../services/http';
import { ACTIVITY_LABEL, COUNT_MODE_LABEL, TARGET_LABEL, ruleSentence, type TagOption } from '../services/tag-rules';

export type TagsLoad = Load<TagOption[]>;

export interface RuleFormProps {
  /** Editing this rule, or creating when null. */
  rule: TagRuleView | null;
  tags: TagsLoad;
  onRetryTags: () => void;
  onSubmit: (body: CreateTagRuleRequest) => Promise<void>;
  onCancel: () => void;
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

const activityOptions = TagRuleActivities.map((value) => ({ value, label: ACTIVITY_LABEL[value] }));
const countOptions = TagRuleCountModes.map((value) => ({ value, label: COUNT_MODE_LABEL[value] }));

/** Keywords typed into one field, split on Chinese or Latin commas, 、 and line breaks. */
const splitKeywords = (text: string) =>
  text
    .split(/[,，、;；\n]/)
    .map((k) => k.trim())
    .filter(Boolean);

/** Reads a whole number from an input; NaN when it is not one. */
const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN);

export function RuleForm({ rule, tags, onRetryTags, onSubmit, onCancel }: RuleFormProps) {
  const [name, setName] = useState(rule?.name ?? '');
  const [activity, setActivity] = useState<TagRuleActivity>(rule?.activity ?? 'checkin');
  const [countBy, setCountBy] = useState<TagRuleCountMode>(rule?.countBy ?? 'times');
  const [threshold, setThreshold] = useState(String(rule?.threshold ?? 3));
  const [windowDays, setWindowDays] = useState(String(rule?.windowDays ?? 30));
  const [targetId, setTargetId] = useState(rule?.target?.id ?? '');
  const [tagId, setTagId] = useState(rule?.tagId ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [keywordText, setKeywordText] = useState((rule?.keywords ?? []).join('，'));
  const isKeyword = activity === 'keyword';
  const keywords = splitKeywords(keywordText);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const targetType = TagRuleActivityTarget[activity];

  const submit = async () => {
    const n = whole(threshold);
    const d = whole(windowDays);
    const target = targetType && targetId.trim() ? { type: targetType, id: targetId.trim() } : null;
    let problem: string | null = null;
    if (!name.trim()) problem = '请输入规则名称';
    else if (isKeyword && keywords.length === 0) problem = '请至少填写一个关键词';
    else if (isKeyword && keywords.length > TagRuleLimits.keywordsMax)
      problem = `关键词最多 ${TagRuleLimits.keywordsMax} 个`;
    else if (isKeyword && keywords.some((k) => k.length > TagRuleLimits.keywordMax))
      problem = `每个关键词最多 ${TagRuleLimits.keywordMax} 个字`;
    else if (!isKeyword && !(n >= 1 && n <= TagRuleLimits.thresholdMax))
      problem = `次数请填写 1–${TagRuleLimits.thresholdMax} 的整数`;
    else if (!isKeyword && !(d >= 1 && d <= TagRuleLimits.windowDaysMax))
      problem = `天数请填写 1–${TagRuleLimits.windowDaysMax} 的整数`;
    else if (target && !OBJECT_ID.test(target.id)) problem = `${TARGET_LABEL[target.type]} ID 格式不正确`;
    else if (!tagId) problem = '请选择要添加的标签';
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    setSaving(true);
    try {
      // A keyword rule tags on the first matching message: count and window do not apply (sent as 1).
      await onSubmit(
        isKeyword
          ? { name: name.trim(), activity, threshold: 1, windowDays: 1, target: null, tagId, enabled, keywords }
          : { name: name.trim(), activity, countBy, threshold: n, windowDays: d, target, tagId, enabled },
      );
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const tagName =
    tags.status === 'ready' ? (tags.data.find((t) => t.id === tagId)?.name ?? '（选择标签）') : '（选择标签）';
  const preview = ruleSentence(
    {
      activity,
      countBy,
      threshold: whole(threshold) || 0,
      windowDays: whole(windowDays) || 0,
      target: targetType && targetId ? { type: targetType, id: targetId } : null,
      keywords,
    },
    tagName,
  );

  return (
    <View className='qz-card qz-rule-form'>
      <Text className='qz-form-label'>规则名称</Text>
      <Input
        className='qz-input qz-rule-name'
        maxlength={TagRuleLimits.nameMax}
        placeholder='例如：核心成员'
        value={name}
        onInput={(e) => setName(e.detail.value)}
      />
      <Text className='qz-form-label'>当成员…</Text>
      <Chips
        className='qz-rule-activity'
        options={activityOptions}
        value={activity}
        onChange={(v) => {
          setActivity(v);
          setTargetId('');
        }}
      />
      {isKeyword ? (
        <View>
          <Text className='qz-form-label'>发布的动态、评论或聊天消息包含以下任一关键词</Text>
          <Input
            className='qz-input qz-rule-keywords'
            placeholder='用逗号分隔，例如：跑步，马拉松，yoga'
            value={keywordText}
            onInput={(e) => setKeywordText(e.detail.value)}
          />
          <Text className='qz-rule-form__hint'>
            中文按包含匹配；英文按整词匹配（run 不匹配 running），不区分大小写。
          </Text>
        </View>
      ) : null}
      {isKeyword ? null : (
        <Chips className='qz-rule-count-by' options={countOptions} value={countBy} onChange={setCountBy} />
      )}
      <View className='qz-rule-form__numbers' style={isKeyword ? { display: 'none' } : undefined}>
        <Input
          className='qz-input qz-rule-window'
          type='number'
          value={windowDays}
          onInput={(e) => setWindowDays(e.detail.value)}
        />
        <Text className='qz-rule-form__unit'>天内达到</Text>
        <Input
          className='qz-input qz-rule-threshold'
          type='number'
          value={threshold}
          onInput={(e) => setThreshold(e.detail.value)}
        />
        <Text className='qz-rule-form__unit'>{countBy === 'days' ? '天' : '次'}</Text>
      </View>
      {targetType ? (
        <View>
          <Text className='qz-form-label'>只统计某个{TARGET_LABEL[targetType]}（可选）</Text>
          <Input
            className='qz-input qz-rule-target'
            placeholder={`${TARGET_LABEL[targetType]} ID，留空表示全部`}
            value={targetId}
            onInput={(e) => setTargetId(e.detail.value)}
          />
        </View>
      ) : null}
      <Text className='qz-form-label'>就添加标签</Text>
      {tags.status === 'loading' ? <LoadingState className='qz-rule-tags-loading' text='正在加载标签…' /> : null}
      {tags.status === 'error' ? (
        <ErrorState className='qz-rule-tags-error' title={tags.message} message='可以稍后重试' onRetry={onRetryTags} />
      ) : null}
      {tags.status === 'ready' && tags.data.length === 0 ? (
        <Text className='qz-rule-form__hint qz-rule-tags-empty'>圈子还没有标签，请先在「标签管理」中创建。</Text>
      ) : null}
      {tags.status === 'ready' && tags.data.length > 0 ? (
        <Chips
          className='qz-rule-tag'
          options={tags.data.map((t) => ({ value: t.id, label: t.name }))}
          value={tagId}
          onChange={setTagId}
        />
      ) : null}
      <View className='qz-rule-form__switch'>
        <Text>启用</Text>
        <Switch checked={enabled} onChange={(e) => setEnabled(e.detail.value)} />
      </View>
      <Text className='qz-rule-form__preview qz-rule-preview'>{preview}</Text>
      {rule ? (
        <Text className='qz-rule-form__hint'>
          修改只影响之后的行为；如需按新规则重新计算过去的记录，请保存后点「补算历史」。
        </Text>
      ) : null}
      {error ? <Text className='qz-form-error qz-rule-error'>{error}</Text> : null}
      <View className='qz-rule-form__actions'>
        <Button className='qz-btn qz-btn--plain qz-btn--small qz-rule-cancel' disabled={saving} onClick={onCancel}>
          取消
        </Button>
        <Button
          className={`qz-btn qz-btn--primary qz-btn--small qz-rule-save ${saving ? 'qz-btn--busy' : ''}`}
          loading={saving}
          disabled={saving}
          onClick={() => void submit()}
        >
          {rule ? '保存修改' : '创建规则'}
        </Button>
      </View>
    </View>
  );
}
