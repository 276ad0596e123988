import { Image, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import './index.css';

export interface CircleCoverProps {
  name: string;
  coverUrl: string | null;
  size?: 'md' | 'lg';
}

// Tints for circles without a cover, picked by the name so a circle keeps its colour.
const TINTS = ['#4F6BED', '#16A394', '#E8833A', '#D04E8A', '#7B5CE0', '#2F8FD8'];

function tintFor(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return TINTS[h % TINTS.length];
}

/** The circle's cover image, or its first character on a tint chosen by the name. */
export function CircleCover({ name, coverUrl, size = 'md' }: CircleCoverProps) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [coverUrl]);
  if (coverUrl && !failed) {
    return (
      <Image
        className={`qz-cover qz-cover--${size}`}
        src={coverUrl}
        mode='aspectFill'
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <View className={`qz-cover qz-cover--${size} qz-cover--initial`} style={{ background: tintFor(name) }}>
      <Text>{Array.from(name.trim())[0] ?? '圈'}</Text>
    </View>
  );
}
