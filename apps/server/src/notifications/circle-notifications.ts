import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEventBus } from '../bus/domain-event-bus';
import { UsersService } from '../users/users.service';
import { NotificationLinks } from './notification-links';
import { NotificationsService } from './notifications.service';

const MODERATION = {
  pinned: { kind: 'post_pinned', title: '你的动态被置顶了', body: '管理员把你的动态置顶到了圈子首页。' },
  featured: { kind: 'post_featured', title: '你的动态被设为精华', body: '管理员把你的动态设为了精华。' },
  removed: {
    kind: 'post_removed',
    title: '你的动态已被删除',
    body: '管理员删除了你的一条动态，如有疑问请联系圈子管理员。',
  },
} as const;

/**
 * Inbox items from circle life: join requests decided, replies to my post or comment, my post
 * pinned / featured / removed by an admin, a poll I answered closed. One bus listener per kind.
 */
@Injectable()
export class CircleNotifications implements OnModuleInit {
  constructor(
    private readonly bus: DomainEventBus,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe('member.approved', async ({ payload, at }) => {
      await this.notifications.deliver([payload.userId], {
        kind: 'join_approved',
        circleId: payload.circleId,
        title: '入圈申请已通过',
        body: '欢迎加入！现在可以浏览动态、报名活动了。',
        link: NotificationLinks.circle(payload.circleId),
        sourceKey: `join_approved:${payload.circleId}:${at.getTime()}`,
      });
    });
    this.bus.subscribe('member.rejected', async ({ payload, at }) => {
      await this.notifications.deliver([payload.userId], {
        kind: 'join_rejected',
        circleId: payload.circleId,
        title: '入圈申请未通过',
        body: '很遗憾，你加入圈子的申请未通过审核。',
        link: NotificationLinks.circle(payload.circleId),
        sourceKey: `join_rejected:${payload.circleId}:${at.getTime()}`,
      });
    });
    this.bus.subscribe('comment.created', async ({ payload }) => {
      const { actorId, replyToUserId, postAuthorId } = payload;
      const nickname = (await this.users.summaries([actorId])).get(actorId)?.nickname ?? '有人';
      const base = {
        kind: 'comment_replied' as const,
        circleId: payload.circleId,
        link: NotificationLinks.post(payload.postId),
        sourceKey: `comment_replied:${payload.commentId}`,
      };
      // The replied-to member first: when they also wrote the post, the one item says "reply".
      if (replyToUserId && replyToUserId !== actorId) {
        await this.notifications.deliver([replyToUserId], {
          ...base,
          title: '有人回复了你的评论',
          body: `${nickname} 回复了你的评论`,
        });
      }
      if (postAuthorId !== actorId && postAuthorId !== replyToUserId) {
        await this.notifications.deliver([postAuthorId], {
          ...base,
          title: '有人评论了你的动态',
          body: `${nickname} 评论了你的动态`,
        });
      }
    });
    this.bus.subscribe('post.moderated', async ({ payload, at }) => {
      const what = MODERATION[payload.action];
      await this.notifications.deliver([payload.authorId], {
        kind: what.kind,
        circleId: payload.circleId,
        title: what.title,
        body: what.body,
        // A removed post no longer opens: its circle does.
        link:
          payload.action === 'removed'
            ? NotificationLinks.circle(payload.circleId)
            : NotificationLinks.post(payload.postId),
        sourceKey: `${what.kind}:${payload.postId}:${at.getTime()}`,
      });
    });
    this.bus.subscribe('poll.closed', async ({ payload }) => {
      await this.notifications.deliver(
        payload.respondentIds.filter((id) => id !== payload.actorId),
        {
          kind: 'poll_closed',
          circleId: payload.circleId,
          title: `投票已结束：${payload.title}`,
          body: '你参与的投票已结束，点击查看结果。',
          link: NotificationLinks.pollResults(payload.pollId),
          sourceKey: `poll_closed:${payload.pollId}`,
        },
      );
    });
  }
}
