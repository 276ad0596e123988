import { Text, View } from '@tarojs/components';
import { useState } from 'react';

export interface TableProps {
  head: string[];
  rows: (string | number)[][];
  className?: string;
  /** Collapsed tables show a 展开 link instead of rows (long per-day tables). */
  collapsible?: boolean;
  /** Background colour per cell (heat maps); undefined for none. */
  cellColour?: (row: number, col: number) => string | undefined;
}

/** The numbers behind a chart, as text: every figure on the 数据 pages is readable here. */
export function Table({ head, rows, className, collapsible = false, cellColour }: TableProps) {
  const [open, setOpen] = useState(!collapsible);
  return (
    <View className={`qz-insight-table ${className ?? ''}`}>
      {collapsible ? (
        <Text className='qz-insight-table__toggle' onClick={() => setOpen(!open)}>
          {open ? '收起数据表' : `查看数据表（${rows.length} 行）`}
        </Text>
      ) : null}
      {open ? (
        <>
          <View className='qz-insight-table__row qz-insight-table__head'>
            {head.map((h) => (
              <Text key={h} className='qz-insight-table__cell'>
                {h}
              </Text>
            ))}
          </View>
          {rows.map((row, r) => (
            <View key={r} className='qz-insight-table__row'>
              {row.map((cell, c) => (
                <Text
                  key={c}
                  className='qz-insight-table__cell'
                  style={cellColour?.(r, c) ? { background: cellColour(r, c) } : undefined}
                >
                  {cell}
                </Text>
              ))}
            </View>
          ))}
        </>
      ) : null}
    </View>
  );
}
