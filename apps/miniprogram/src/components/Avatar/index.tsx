import { Image, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import './index.css';

export interface AvatarProps {
  url: string | null;
  nickname: string;
  size?: 'md' | 'lg';
}

/** The avatar image; the nickname's first character on the brand colour when there is none or it fails to load. */
export function Avatar({ url, nickname, size = 'md' }: AvatarProps) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [url]);

  if (url && !failed) {
    return (
      <Image className={`qz-avatar qz-avatar--${size}`} src={url} mode='aspectFill' onError={() => setFailed(true)} />
    );
  }
  const initial = Array.from(nickname.trim())[0] ?? '圈';
  return (
    <View className={`qz-avatar qz-avatar--${size} qz-avatar--placeholder`}>
      <Text>{initial}</Text>
    </View>
  );
}
