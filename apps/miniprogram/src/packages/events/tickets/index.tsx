import { ComingSoon } from '../../../components/ComingSoon'

export default function TicketsPage() {
  return <ComingSoon glyph='票' feature='我的门票' description='报名活动后，电子票会出现在这里，签到时出示即可。' />
}
