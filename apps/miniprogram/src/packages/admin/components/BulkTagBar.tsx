import { Button, Text, View } from '@tarojs/components';

export interface BulkTagBarProps {
  checked: number;
  total: number;
  onCheckAll: () => void;
  onTag: (action: 'add' | 'remove') => void;
}

/** The bar under a list in bulk mode: count, 全选 / 全不选, add or remove a tag on the checked rows. */
export function BulkTagBar({ checked, total, onCheckAll, onTag }: BulkTagBarProps) {
  return (
    <View className='qz-bulk-bar'>
      <Text className='qz-bulk-bar__count qz-bulk-count'>已选 {checked} 人</Text>
      <Button className='qz-btn qz-btn--plain qz-btn--small qz-bulk-all' onClick={onCheckAll}>
        {checked === total ? '全不选' : '全选'}
      </Button>
      <Button
        className='qz-btn qz-btn--primary qz-btn--small qz-bulk-add'
        disabled={checked === 0}
        onClick={() => onTag('add')}
      >
        添加标签
      </Button>
      <Button
        className='qz-btn qz-btn--danger qz-btn--small qz-bulk-remove'
        disabled={checked === 0}
        onClick={() => onTag('remove')}
      >
        移除标签
      </Button>
    </View>
  );
}
