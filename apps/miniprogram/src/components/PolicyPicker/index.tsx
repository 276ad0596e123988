import { Text, View } from '@tarojs/components';
import { JoinPolicies, type JoinPolicy } from '@quanzi/contract';
import { joinPolicyHint, joinPolicyLabel } from '../../utils/format';
import './index.css';

export interface PolicyPickerProps {
  value: JoinPolicy;
  onChange: (policy: JoinPolicy) => void;
}

/** The three join policies as tappable rows with what each means. */
export function PolicyPicker({ value, onChange }: PolicyPickerProps) {
  return (
    <View className='qz-policy-picker'>
      {JoinPolicies.map((p) => (
        <View
          key={p}
          className={`qz-policy qz-policy-${p} ${p === value ? 'qz-policy--active' : ''}`}
          onClick={() => onChange(p)}
        >
          <View className='qz-policy__radio' />
          <View className='qz-policy__body'>
            <Text className='qz-policy__label'>{joinPolicyLabel[p]}</Text>
            <Text className='qz-policy__hint'>{joinPolicyHint[p]}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}
