import { Text, View } from '@tarojs/components';
import type { TagView } from '@quanzi/contract';
import './tags.css';

export interface TagChipsProps {
  tags: TagView[];
  selected: string[];
  onToggle: (tagId: string) => void;
  className?: string;
}

/** Multi-select tag chips (filters, preset tags of an invite). */
export function TagChips({ tags, selected, onToggle, className }: TagChipsProps) {
  return (
    <View className={`qz-tag-chips ${className ?? ''}`}>
      {tags.map((t) => (
        <Text
          key={t.id}
          className={`qz-tag-chip qz-tag-option ${selected.includes(t.id) ? 'qz-tag-chip--on' : ''}`}
          data-tag={t.name}
          onClick={() => onToggle(t.id)}
        >
          <Text className='qz-tag-dot' style={{ background: t.color }} />
          {t.name}
        </Text>
      ))}
    </View>
  );
}

export function toggle(list: string[], id: string): string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}
