import { useEffect, useState } from 'react';
import { quietApi } from '../../../services/http';

/** Channels of the circle's invite links (newest 100), for the 渠道 filter; none when they cannot be read. */
export function useChannels(circleId: string, enabled: boolean): string[] {
  const [channels, setChannels] = useState<string[]>([]);
  useEffect(() => {
    if (!enabled) return;
    quietApi.listInvites(circleId, { limit: 100 }).then(
      (page) => setChannels(Array.from(new Set(page.items.map((i) => i.channel)))),
      () => setChannels([]),
    );
  }, [circleId, enabled]);
  return channels;
}
