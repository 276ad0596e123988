import { ComingSoon } from '../../../components/ComingSoon'

export default function InvitePosterPage() {
  return <ComingSoon glyph='邀' feature='邀请海报' description='生成专属邀请海报，邀请好友加入圈子。' />
}
