import { ScrollView, Text, View } from '@tarojs/components';
import './index.css';

export interface ChipOption<V extends string> {
  value: V;
  label: string;
}

export interface ChipsProps<V extends string> {
  options: ChipOption<V>[];
  value: V;
  onChange: (value: V) => void;
  className?: string;
}

/** A horizontally scrolling row of single-choice filter chips. */
export function Chips<V extends string>({ options, value, onChange, className }: ChipsProps<V>) {
  return (
    <ScrollView scrollX enhanced showScrollbar={false} className={`qz-chips ${className ?? ''}`}>
      <View className='qz-chips__row'>
        {options.map((o) => (
          <Text
            key={o.value}
            className={`qz-chip ${o.value === value ? 'qz-chip--active' : ''}`}
            data-value={o.value}
            onClick={() => onChange(o.value)}
          >
            {o.label}
          </Text>
        ))}
      </View>
    </ScrollView>
  );
}
