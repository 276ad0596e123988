import type { ChatMessageView } from '@quanzi/contract';
import type { ChatMessageRecord } from './chat.schema';

interface Author {
  id: string;
  nickname: string;
  avatarUrl: string | null;
}

const EXCERPT = 40;
const GONE = '已注销用户';

/** Rows → contract views; a deleted message (and a quote of one) shows no text or image. */
export function toChatMessageViews(
  rows: ChatMessageRecord[],
  replies: Map<string, ChatMessageRecord>,
  users: Map<string, Author>,
): ChatMessageView[] {
  const author = (id: string): Author => users.get(id) ?? { id, nickname: GONE, avatarUrl: null };
  return rows.map((r) => {
    const reply = r.replyToId ? replies.get(r.replyToId.toHexString()) : undefined;
    const deleted = r.deletedAt !== null && r.deletedAt !== undefined;
    return {
      id: r._id.toHexString(),
      eventId: r.eventId.toHexString(),
      seq: r.seq,
      author: author(r.authorId.toHexString()),
      text: deleted ? '' : r.text,
      imageUrl: deleted ? null : r.imageUrl,
      replyTo: reply
        ? {
            id: reply._id.toHexString(),
            seq: reply.seq,
            authorNickname: author(reply.authorId.toHexString()).nickname,
            excerpt: reply.deletedAt ? '' : [...reply.text].slice(0, EXCERPT).join(''),
          }
        : null,
      createdAt: r.createdAt.toISOString(),
      deleted,
      announcement: r.announcement ?? false,
    };
  });
}
