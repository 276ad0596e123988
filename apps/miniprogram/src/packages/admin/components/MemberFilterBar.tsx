import { Button, Input, View } from '@tarojs/components';
import { CircleLimits, EngagementSegments, type MembershipStatus, type TagMode, type TagView } from '@quanzi/contract';
import { Chips, type ChipOption } from '../../../components/Chips';
import type { MemberFilters, RoleFilter } from '../services/members';
import { TagChips } from './TagChips';

const ROLE_OPTIONS: ChipOption<RoleFilter>[] = [
  { value: 'all', label: '全部角色' },
  { value: 'owner', label: '圈主' },
  { value: 'admin', label: '管理员' },
  { value: 'member', label: '成员' },
];

const TAG_MODE_OPTIONS: ChipOption<TagMode>[] = [
  { value: 'all', label: '同时具有所选标签' },
  { value: 'any', label: '具有任一所选标签' },
];

const SEGMENT_OPTIONS: ChipOption<string>[] = [
  { value: '', label: '全部分层' },
  ...EngagementSegments.map((s) => ({ value: s, label: s })),
];

const SORT_OPTIONS: ChipOption<MemberFilters['sort']>[] = [
  { value: 'joined', label: '最近加入' },
  { value: 'score', label: '活跃度高→低' },
];

const STATUS_OPTIONS: ChipOption<MembershipStatus>[] = [
  { value: 'active', label: '正常' },
  { value: 'pending', label: '待审核' },
  { value: 'rejected', label: '已拒绝' },
  { value: 'removed', label: '已移除' },
  { value: 'left', label: '已退出' },
];

export interface MemberFilterBarProps {
  filters: MemberFilters;
  onChange: (patch: Partial<MemberFilters>) => void;
  onToggleTag: (tagId: string) => void;
  /** The search text being typed, applied by `onSearch`. */
  draft: string;
  onDraft: (text: string) => void;
  onSearch: () => void;
  tags: TagView[];
  channels: string[];
  bulk: boolean;
  onToggleBulk: () => void;
}

/** Nickname search, status / role / channel chips, tag filter (all-of / any-of) and the bulk toggle. */
export function MemberFilterBar(p: MemberFilterBarProps) {
  const { filters } = p;
  return (
    <>
      <View className='qz-search'>
        <Input
          className='qz-input qz-member-search'
          placeholder='搜索昵称'
          maxlength={CircleLimits.memberSearchMax}
          confirmType='search'
          value={p.draft}
          onInput={(e) => p.onDraft(e.detail.value)}
          onConfirm={p.onSearch}
        />
        <Button className='qz-btn qz-btn--ghost qz-btn--small qz-member-search-submit' onClick={p.onSearch}>
          搜索
        </Button>
      </View>
      <Chips
        className='qz-member-status-filter'
        options={STATUS_OPTIONS}
        value={filters.status}
        onChange={(status) => p.onChange({ status })}
      />
      <Chips
        className='qz-member-role-filter'
        options={ROLE_OPTIONS}
        value={filters.role}
        onChange={(role) => p.onChange({ role })}
      />
      {p.channels.length ? (
        <Chips
          className='qz-member-channel-filter'
          options={[{ value: '', label: '全部渠道' }, ...p.channels.map((c) => ({ value: c, label: c }))]}
          value={filters.channel}
          onChange={(channel) => p.onChange({ channel })}
        />
      ) : null}
      <Chips
        className='qz-member-segment-filter'
        options={SEGMENT_OPTIONS}
        value={filters.segment}
        onChange={(segment) => p.onChange({ segment })}
      />
      <Chips
        className='qz-member-sort'
        options={SORT_OPTIONS}
        value={filters.sort}
        onChange={(sort) => p.onChange({ sort })}
      />
      {p.tags.length ? (
        <View className='qz-member-tag-filter'>
          <TagChips tags={p.tags} selected={filters.tagIds} onToggle={p.onToggleTag} />
          {filters.tagIds.length > 1 ? (
            <Chips
              className='qz-member-tag-mode'
              options={TAG_MODE_OPTIONS}
              value={filters.tagMode}
              onChange={(tagMode) => p.onChange({ tagMode })}
            />
          ) : null}
          <Button className='qz-btn qz-btn--plain qz-btn--small qz-member-bulk-toggle' onClick={p.onToggleBulk}>
            {p.bulk ? '取消批量' : '批量打标签'}
          </Button>
        </View>
      ) : null}
    </>
  );
}
