import { Text, View } from '@tarojs/components';
import { shortDay } from './range';

export interface BarSegment {
  key: string;
  value: number;
  colour: string;
}

export interface BarColumn {
  day: string;
  segments: BarSegment[];
}

/**
 * A column chart drawn with Views (stacked when a column has several segments). Heights are
 * percentages of the tallest column so the same markup renders in weapp and H5 without a canvas.
 * The numbers themselves are in the table beside each chart; this is only the shape.
 */
export function Bars({ columns, className }: { columns: BarColumn[]; className?: string }) {
  const max = Math.max(1, ...columns.map((c) => c.segments.reduce((sum, s) => sum + s.value, 0)));
  const first = columns[0]?.day;
  const last = columns[columns.length - 1]?.day;
  return (
    <View className={`qz-insight-bars ${className ?? ''}`} aria-hidden>
      <View className='qz-insight-bars__plot'>
        {columns.map((c) => (
          <View key={c.day} className='qz-insight-bars__col'>
            {c.segments.map((s) =>
              s.value > 0 ? (
                <View
                  key={s.key}
                  className='qz-insight-bars__seg'
                  style={{ height: `${(s.value / max) * 100}%`, background: s.colour }}
                />
              ) : null,
            )}
          </View>
        ))}
      </View>
      {first && last ? (
        <View className='qz-insight-bars__axis'>
          <Text>{shortDay(first)}</Text>
          <Text>最高 {max}</Text>
          <Text>{shortDay(last)}</Text>
        </View>
      ) : null}
    </View>
  );
}

/** A colour key: one swatch and name per series. */
export function Legend({ items }: { items: { key: string; label: string; colour: string }[] }) {
  return (
    <View className='qz-insight-legend'>
      {items.map((i) => (
        <View key={i.key} className='qz-insight-legend__item'>
          <View className='qz-insight-legend__swatch' style={{ background: i.colour }} />
          <Text>{i.label}</Text>
        </View>
      ))}
    </View>
  );
}
