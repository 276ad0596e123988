import Taro from '@tarojs/taro';
import { EmptyState } from '../EmptyState';
import { routes } from '../../routes';

/**
 * A member shared something members-only with a non-member: the sharer's code leads to the
 * invite page (「某某 邀请你加入」), whose join credits the sharer.
 */
export function JoinToView({ code, what }: { code: string; what: string }) {
  return (
    <EmptyState
      className='qz-join-to-view'
      glyph='邀'
      title={`加入圈子后可以查看${what}`}
      hint='这是圈友分享给你的内容，加入圈子就能看到。'
      actionText='去加入圈子'
      onAction={() => void Taro.redirectTo({ url: routes.inviteLanding({ code }) })}
    />
  );
}
