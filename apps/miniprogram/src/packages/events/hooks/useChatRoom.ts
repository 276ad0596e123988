import { useCallback, useEffect, useRef, useState } from 'react';
import { ChatLimits, LiveRooms, type ChatHistoryView, type ChatMessageView } from '@quanzi/contract';
import { quietApi } from '../../../services/http';
import { live, type LiveStatus } from '../services/live';

const PAGE = 30;

export interface ChatRoomState {
  /** Oldest first, one entry per seq. */
  messages: ChatMessageView[];
  pinned: ChatMessageView | null;
  canWrite: boolean;
  admin: boolean;
  mutedUntil: string | null;
  /** More history before the first message shown. */
  hasOlder: boolean;
}

/** Merges messages by seq (a later copy wins: it may carry a deletion). */
function merge(list: ChatMessageView[], incoming: ChatMessageView[]): ChatMessageView[] {
  const bySeq = new Map(list.map((m) => [m.seq, m]));
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function lastPinned(pinned: ChatMessageView | null, incoming: ChatMessageView[]): ChatMessageView | null {
  const latest = incoming.filter((m) => m.announcement && !m.deleted).pop();
  if (latest && (!pinned || latest.seq > pinned.seq)) return latest;
  return pinned;
}

/**
 * An event's chat room: the newest page over HTTP, then live frames over the shared socket
 * (joined after the page's last seq, so nothing falls between the two). After a reconnect the gap
 * comes over HTTP before the room is joined again; messages are kept by seq, so overlaps vanish.
 */
export function useChatRoom(eventId: string, enabled: boolean) {
  const [state, setState] = useState<ChatRoomState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<LiveStatus>(live.status);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  const apply = useCallback((incoming: ChatMessageView[], view?: Partial<ChatHistoryView>) => {
    setState((prev) => {
      if (!prev) return prev;
      return {
        ...prev,
        ...(view ? { canWrite: view.canWrite ?? prev.canWrite, mutedUntil: view.mutedUntil ?? prev.mutedUntil } : {}),
        messages: merge(prev.messages, incoming),
        pinned: lastPinned(prev.pinned, incoming),
      };
    });
  }, []);

  useEffect(() => {
    if (!enabled) return undefined;
    let stopped = false;
    let leave: (() => void) | null = null;
    const offStatus = live.onStatus(setStatus);
    setError(null);
    quietApi
      .chatHistory(eventId, { limit: PAGE })
      .then((first) => {
        if (stopped) return;
        setState({
          messages: first.items,
          pinned: first.pinned,
          canWrite: first.canWrite,
          admin: first.admin,
          mutedUntil: first.mutedUntil,
          hasOlder: first.items.length === PAGE,
        });
        leave = live.subscribe(
          LiveRooms.eventChat(eventId),
          {
            catchUp: async (after) => {
              let last = after;
              for (;;) {
                const page = await quietApi.chatHistory(eventId, { after: last, limit: ChatLimits.historyPageMax });
                if (stopped) return last;
                apply(page.items, page);
                if (page.items.length === 0) return last;
                last = page.items[page.items.length - 1].seq;
                if (page.items.length < ChatLimits.historyPageMax) return last;
              }
            },
            onFrame: (frame) => {
              if (frame.op === 'message') apply([frame.message]);
              else if (frame.op === 'deleted') {
                setState((prev) => {
                  if (!prev) return prev;
                  const blank = (m: ChatMessageView) =>
                    m.id === frame.id ? { ...m, deleted: true, text: '', imageUrl: null } : m;
                  const pinned = prev.pinned?.id === frame.id ? null : prev.pinned;
                  return { ...prev, messages: prev.messages.map(blank), pinned };
                });
              }
            },
          },
          first.lastSeq,
        );
      })
      .catch((err: unknown) => !stopped && setError(err));
    return () => {
      stopped = true;
      offStatus();
      leave?.();
    };
  }, [eventId, enabled, apply, attempt]);

  const loadOlder = useCallback(async () => {
    const current = stateRef.current;
    if (!current || !current.hasOlder || loadingOlder || current.messages.length === 0) return;
    setLoadingOlder(true);
    try {
      const page = await quietApi.chatHistory(eventId, { before: current.messages[0].seq, limit: PAGE });
      setState(
        (prev) => prev && { ...prev, messages: merge(prev.messages, page.items), hasOlder: page.items.length === PAGE },
      );
    } finally {
      setLoadingOlder(false);
    }
  }, [eventId, loadingOlder]);

  /** Sends over HTTP (its errors come back with the server's message); the socket delivers it to everyone. */
  const send = useCallback(
    async (body: { text?: string; imageUrl?: string; replyTo?: string; announcement?: boolean }) => {
      const clientId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      const message = await quietApi.sendChatMessage(eventId, { ...body, clientId });
      apply([message]);
      return message;
    },
    [eventId, apply],
  );

  const remove = useCallback(
    async (id: string) => {
      const message = await quietApi.deleteChatMessage(id);
      apply([message]);
      setState((prev) => prev && { ...prev, pinned: prev.pinned?.id === id ? null : prev.pinned });
    },
    [apply],
  );

  return {
    state,
    error,
    status,
    loadingOlder,
    loadOlder,
    send,
    remove,
    retry: () => setAttempt((n) => n + 1),
  };
}
