import { ComingSoon } from '../../../components/ComingSoon'

export default function PollsPage() {
  return <ComingSoon glyph='投' feature='投票问卷' description='圈主发起的投票和问卷会出现在这里。' />
}
