import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CircleCover } from '../../../components/CircleCover';
import { ErrorState } from '../../../components/Status';
import { RequireLogin } from '../../../components/RequireLogin';
import { routes } from '../../../routes';
import { countLabel, joinPolicyLabel } from '../../../utils/format';
import { AdminGate } from '../../../components/AdminGate';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';

interface EntryProps {
  glyph: string;
  label: string;
  hint: string;
  className: string;
  url: string;
}

function Entry({ glyph, label, hint, className, url }: EntryProps) {
  return (
    <View className={`qz-admin-menu__item ${className}`} onClick={() => void Taro.navigateTo({ url })}>
      <Text className='qz-admin-menu__icon'>{glyph}</Text>
      <View className='qz-admin-menu__body'>
        <Text className='qz-admin-menu__label'>{label}</Text>
        <Text className='qz-admin-menu__hint'>{hint}</Text>
      </View>
      <Text className='qz-admin-menu__arrow'>›</Text>
    </View>
  );
}

function Dashboard() {
  const { id, load, reload, circle, isAdmin } = useAdminCircle();
  if (!id) return <ErrorState className='qz-admin-error' message='请从圈子主页的「管理」进入' />;
  return (
    <AdminGate load={load} isAdmin={isAdmin} onRetry={() => void reload()}>
      {circle ? (
        <View>
          <View className='qz-card qz-member-row'>
            <CircleCover name={circle.name} coverUrl={circle.coverUrl} />
            <View className='qz-member-row__body'>
              <Text className='qz-member-row__name qz-admin-circle-name'>{circle.name}</Text>
              <Text className='qz-member-row__meta'>
                {countLabel(circle.memberCount)} 位成员 · {joinPolicyLabel[circle.joinPolicy]}
              </Text>
            </View>
          </View>
          <View className='qz-card qz-admin-menu'>
            <Entry
              glyph='数'
              label='数据'
              hint='成员增长、渠道、活跃和内容趋势'
              className='qz-admin-insight-entry'
              url={routes.adminInsight({ id })}
            />
            <Entry
              glyph='设'
              label='圈子设置'
              hint='名称、简介、封面、加入方式'
              className='qz-admin-settings'
              url={routes.adminSettings({ id })}
            />
            <Entry
              glyph='审'
              label='入圈审核'
              hint='处理加入申请'
              className='qz-admin-approvals'
              url={routes.adminApprovals({ id })}
            />
            <Entry
              glyph='员'
              label='成员管理'
              hint='搜索成员、设置管理员、移除成员'
              className='qz-admin-members'
              url={routes.adminMembers({ id })}
            />
            <Entry
              glyph='邀'
              label='邀请链接'
              hint='按渠道生成链接、预设标签，查看点击和加入'
              className='qz-admin-invites'
              url={routes.adminInvites({ id })}
            />
            <Entry
              glyph='树'
              label='邀请关系'
              hint='邀请排行榜，以及每位成员带来了谁'
              className='qz-admin-referrals'
              url={routes.adminReferrals({ id })}
            />
            <Entry
              glyph='标'
              label='标签管理'
              hint='新建、改名、删除成员标签'
              className='qz-admin-tags'
              url={routes.adminTags({ id })}
            />
            <Entry
              glyph='核'
              label='内容审核'
              hint='微信内容安全建议复核的动态和评论'
              className='qz-admin-review'
              url={routes.adminReview({ id })}
            />
            <Entry
              glyph='活'
              label='活动'
              hint='发起活动、报名名单、扫码签到'
              className='qz-admin-events'
              url={routes.eventList({ circleId: id })}
            />
            <Entry
              glyph='单'
              label='订单管理'
              hint='付费门票订单、退款'
              className='qz-admin-orders'
              url={routes.adminOrders({ id })}
            />
            <Entry
              glyph='举'
              label='举报处理'
              hint='处理圈友举报的动态'
              className='qz-admin-reports'
              url={routes.adminReports({ id })}
            />
            <Entry
              glyph='投'
              label='投票问卷'
              hint='发起投票和问卷、查看结果、导出'
              className='qz-admin-polls'
              url={routes.pollList({ id })}
            />
            <Entry
              glyph='规'
              label='自动打标签'
              hint='成员行为达到条件时自动添加标签'
              className='qz-admin-tag-rules'
              url={routes.adminTagRules({ id })}
            />
            <Entry
              glyph='群'
              label='群发私信'
              hint='按标签、报名、投票等条件挑选成员，发到他们的消息'
              className='qz-admin-broadcasts'
              url={routes.adminBroadcasts({ id })}
            />
          </View>
        </View>
      ) : null}
    </AdminGate>
  );
}

export default function AdminDashboardPage() {
  return (
    <View className='qz-page qz-admin-dashboard'>
      <RequireLogin>
        <Dashboard />
      </RequireLogin>
    </View>
  );
}
