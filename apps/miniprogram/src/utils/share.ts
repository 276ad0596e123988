import type { CircleView, EventView, PollView, PostView } from '@quanzi/contract';
import { routes } from '../routes';

/** What a page hands WeChat's share menu: a chat card (`path`) and a Moments post (its query). */
export interface ShareContent {
  title: string;
  /** A page URL from `routes` (`/pages/...?id=...`). */
  path: string;
  /** A card image; WeChat takes a screenshot of the page when absent. */
  imageUrl?: string;
  /**
   * Attribution: the circle whose personal invite code the sharer's link should carry, and the
   * same content with that code. hooks/useShare fetches the code when the member shares (not on
   * every page view: asking for it creates the member's personal invite).
   */
  attribution?: { circleId: string; withCode: (code: string) => ShareContent };
}

const TITLE_MAX = 28;

function clip(text: string, max = TITLE_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function chinaDay(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/*
 * `code`: the sharer's personal invite code. Every share carries it (see `attribution`) so the page
 * it opens passes it on when the friend joins or signs up, and the join credits the sharer.
 */
type Code = string | null | undefined;
const withCode = (code: Code) => (code ? { inviteCode: code } : {});

export function shareOfCircle(circle: CircleView, code?: Code): ShareContent {
  return {
    title: `邀请你加入「${clip(circle.name, 20)}」`,
    // With a code the friend lands on the invite page (「某某 邀请你加入」), which joins with it.
    path: code ? routes.inviteLanding({ code }) : routes.circle({ id: circle.id }),
    imageUrl: circle.coverUrl ?? undefined,
    attribution: { circleId: circle.id, withCode: (c) => shareOfCircle(circle, c) },
  };
}

export function shareOfPost(post: PostView, code?: Code): ShareContent {
  return {
    title: clip(post.text) || '来看看这条动态',
    path: routes.postShared({ id: post.id, ...withCode(code) }),
    imageUrl: post.images[0],
    attribution: { circleId: post.circleId, withCode: (c) => shareOfPost(post, c) },
  };
}

export function shareOfEvent(event: EventView, code?: Code): ShareContent {
  return {
    title: clip(`${chinaDay(event.startAt)}｜${event.title}`),
    path: routes.eventDetail({ id: event.id, ...withCode(code) }),
    imageUrl: event.coverUrl ?? undefined,
    attribution: { circleId: event.circleId, withCode: (c) => shareOfEvent(event, c) },
  };
}

export function shareOfPoll(poll: PollView, code?: Code): ShareContent {
  return {
    title: clip(`${poll.closed ? '投票结果' : '邀你投票'}｜${poll.title}`),
    path: routes.pollAnswer({ id: poll.id, ...withCode(code) }),
    attribution: { circleId: poll.circleId, withCode: (c) => shareOfPoll(poll, c) },
  };
}

/** Moments shares carry only a query for the same page. */
export function timelineQuery(path: string): string {
  const at = path.indexOf('?');
  return at < 0 ? '' : path.slice(at + 1);
}
