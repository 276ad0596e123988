import { Text, View } from '@tarojs/components';
import type { MemberTagSummary } from '@quanzi/contract';
import { tagSourceText } from '../../../services/invites';
import './tags.css';

/** A member's tags, each with why they hold it (「邀请链接 · 线下沙龙」, 「手动 · 管理员」 …). */
export function MemberTags({ tags }: { tags: MemberTagSummary[] }) {
  if (tags.length === 0) return null;
  return (
    <View className='qz-member-tags'>
      {tags.map((t) => (
        <View key={t.id} className='qz-member-tag' data-tag={t.name}>
          <Text className='qz-tag-dot' style={{ background: t.color }} />
          <Text className='qz-member-tag__name qz-member-tag-name'>{t.name}</Text>
          <Text className='qz-member-tag-source'>{tagSourceText(t)}</Text>
        </View>
      ))}
    </View>
  );
}
