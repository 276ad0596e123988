import { Image, Text, View } from '@tarojs/components';
import './index.css';

export interface PickedImage {
  /** Local path (weapp temp file / h5 blob: URL); the key while it lives in the composer. */
  localPath: string;
  status: 'uploading' | 'done' | 'failed';
  /** 0–100 while uploading. */
  progress: number;
  /** Public URL once uploaded. */
  url: string | null;
}

export interface ImagePickerProps {
  images: PickedImage[];
  max: number;
  onAdd: () => void;
  onRemove: (localPath: string) => void;
  onRetry: (localPath: string) => void;
}

/** Thumbnails of the chosen images with their upload progress, and the + tile. */
export function ImagePicker({ images, max, onAdd, onRemove, onRetry }: ImagePickerProps) {
  return (
    <View className='qz-image-picker'>
      {images.map((img) => (
        <View key={img.localPath} className={`qz-image-picker__item qz-compose-image qz-compose-image--${img.status}`}>
          <Image className='qz-image-picker__img' src={img.localPath} mode='aspectFill' />
          {img.status === 'uploading' ? (
            <View className='qz-image-picker__mask'>
              <Text className='qz-compose-image-progress'>{img.progress}%</Text>
            </View>
          ) : null}
          {img.status === 'failed' ? (
            <View
              className='qz-image-picker__mask qz-image-picker__mask--failed'
              onClick={() => onRetry(img.localPath)}
            >
              <Text>上传失败</Text>
              <Text>点击重试</Text>
            </View>
          ) : null}
          <Text className='qz-image-picker__remove qz-compose-image-remove' onClick={() => onRemove(img.localPath)}>
            ×
          </Text>
        </View>
      ))}
      {images.length < max ? (
        <View className='qz-image-picker__add qz-compose-add-image' onClick={onAdd}>
          <Text className='qz-image-picker__plus'>+</Text>
          <Text className='qz-image-picker__count'>
            {images.length}/{max}
          </Text>
        </View>
      ) : null}
    </View>
  );
}
