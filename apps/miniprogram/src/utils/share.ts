import type { CircleView, EventView, PollView, PostView } from '@quanzi/contract';
import { routes } from '../routes';

/** What a page hands WeChat's share menu: a chat card (`path`) and a Moments post (its query). */
export interface ShareContent {
  title: string;
  /** A page URL from `routes` (`/pages/...?id=...`). */
  path: string;
  /** A card image; WeChat takes a screenshot of the page when absent. */
  imageUrl?: string;
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

export function shareOfCircle(circle: CircleView): ShareContent {
  return {
    title: `邀请你加入「${clip(circle.name, 20)}」`,
    path: routes.circle({ id: circle.id }),
    imageUrl: circle.coverUrl ?? undefined,
  };
}

export function shareOfPost(post: PostView): ShareContent {
  return {
    title: clip(post.text) || '来看看这条动态',
    path: routes.post({ id: post.id }),
    imageUrl: post.images[0],
  };
}

export function shareOfEvent(event: EventView): ShareContent {
  return {
    title: clip(`${chinaDay(event.startAt)}｜${event.title}`),
    path: routes.eventDetail({ id: event.id }),
    imageUrl: event.coverUrl ?? undefined,
  };
}

export function shareOfPoll(poll: PollView): ShareContent {
  return {
    title: clip(`${poll.closed ? '投票结果' : '邀你投票'}｜${poll.title}`),
    path: routes.pollAnswer({ id: poll.id }),
  };
}

/** Moments shares carry only a query for the same page. */
export function timelineQuery(path: string): string {
  const at = path.indexOf('?');
  return at < 0 ? '' : path.slice(at + 1);
}
