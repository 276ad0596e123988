import { Button, Text, View } from '@tarojs/components';
import './index.css';

export interface EmptyStateProps {
  /** One character shown in a tinted disc, standing in for an illustration (no emoji: not every device has the font). */
  glyph: string;
  title: string;
  hint?: string;
  actionText?: string;
  onAction?: () => void;
  className?: string;
}

export function EmptyState({ glyph, title, hint, actionText, onAction, className }: EmptyStateProps) {
  return (
    <View className={`qz-empty ${className ?? ''}`}>
      <View className='qz-empty__glyph'>
        <Text>{glyph}</Text>
      </View>
      <Text className='qz-empty__title'>{title}</Text>
      {hint ? <Text className='qz-empty__hint'>{hint}</Text> : null}
      {actionText && onAction ? (
        <Button className='qz-btn qz-btn--ghost qz-empty__action' onClick={onAction}>
          {actionText}
        </Button>
      ) : null}
    </View>
  );
}
