import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { EmptyState } from '../EmptyState'

export interface ComingSoonProps {
  /** What the page will be, e.g. 「我的门票」. */
  feature: string
  description: string
  /** One character for the empty-state disc. */
  glyph: string
}

// Opened directly (a shared link, an h5 URL) there is no page to go back to: land on 发现.
function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void Taro.switchTab({ url: '/pages/discover/index' })
}

/** Placeholder for a subpackage page whose feature has not shipped yet. */
export function ComingSoon({ feature, description, glyph }: ComingSoonProps) {
  return (
    <View className='qz-page'>
      <EmptyState
        className='qz-coming-soon'
        glyph={glyph}
        title={`${feature} 即将上线`}
        hint={description}
        actionText='返回'
        onAction={goBack}
      />
    </View>
  )
}
