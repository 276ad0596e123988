import { Picker, Text, View } from '@tarojs/components';
import type { AnalyticsRangeQuery } from '@quanzi/contract';
import { Chips } from '../../../../components/Chips';
import { lastDays, type RangePreset } from './range';

export interface RangeValue {
  preset: RangePreset;
  range: AnalyticsRangeQuery;
}

export const defaultRange = (): RangeValue => ({ preset: '30', range: lastDays(30) });

const PRESETS: { value: RangePreset; label: string }[] = [
  { value: '7', label: '近7天' },
  { value: '30', label: '近30天' },
  { value: '90', label: '近90天' },
  { value: 'custom', label: '自定义' },
];

/** 近7/30/90天 chips, and two date pickers when 自定义 is chosen (from ≤ to is kept). */
export function RangePicker({ value, onChange }: { value: RangeValue; onChange: (next: RangeValue) => void }) {
  const { from, to } = value.range;
  const pick = (preset: RangePreset) =>
    onChange(preset === 'custom' ? { preset, range: value.range } : { preset, range: lastDays(Number(preset)) });
  return (
    <View className='qz-card qz-insight-range'>
      <Chips options={PRESETS} value={value.preset} onChange={pick} />
      {value.preset === 'custom' ? (
        <View className='qz-insight-range__custom'>
          <Picker
            mode='date'
            value={from}
            end={to}
            onChange={(e) => onChange({ preset: 'custom', range: { from: String(e.detail.value), to } })}
          >
            <Text className='qz-insight-range__day qz-insight-range-from'>{from}</Text>
          </Picker>
          <Text className='qz-insight-range__sep'>至</Text>
          <Picker
            mode='date'
            value={to}
            start={from}
            onChange={(e) => onChange({ preset: 'custom', range: { from, to: String(e.detail.value) } })}
          >
            <Text className='qz-insight-range__day qz-insight-range-to'>{to}</Text>
          </Picker>
        </View>
      ) : (
        <Text className='qz-insight-range__text'>
          {from} 至 {to}
        </Text>
      )}
    </View>
  );
}
