import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import './index.css';

export interface ImageGridProps {
  images: string[];
  className?: string;
}

/** Post images: one large, or a 3-column grid; tapping opens the viewer. */
export function ImageGrid({ images, className }: ImageGridProps) {
  if (images.length === 0) return null;
  const single = images.length === 1;
  return (
    <View className={`qz-image-grid ${single ? 'qz-image-grid--single' : ''} ${className ?? ''}`}>
      {images.map((src) => (
        <Image
          key={src}
          className='qz-image-grid__item'
          src={src}
          mode='aspectFill'
          lazyLoad
          onClick={(e) => {
            e.stopPropagation();
            void Taro.previewImage({ current: src, urls: images });
          }}
        />
      ))}
    </View>
  );
}
