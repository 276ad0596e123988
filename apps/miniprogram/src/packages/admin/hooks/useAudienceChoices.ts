import { useEffect, useState } from 'react';
import { quietApi } from '../../../services/http';
import type { AudienceChoices } from '../components/AudienceBuilder';
import { useChannels } from './useChannels';

/**
 * What the audience builder offers: the circle's tags, invite channels, recent events and polls.
 * A list that fails to load is offered empty (the other conditions still work).
 */
export function useAudienceChoices(circleId: string, enabled: boolean): AudienceChoices {
  const channels = useChannels(circleId, enabled);
  const [rest, setRest] = useState<Omit<AudienceChoices, 'channels'>>({ tags: [], events: [], polls: [] });
  useEffect(() => {
    if (!enabled) return;
    const empty = { items: [] };
    void Promise.all([
      quietApi.listTags(circleId).catch(() => []),
      quietApi.listEvents(circleId, { limit: 50 }).catch(() => empty),
      quietApi.listPolls(circleId, { limit: 50 }).catch(() => empty),
    ]).then(([tags, events, polls]) =>
      setRest({
        tags: tags.map((t) => ({ id: t.id, name: t.name })),
        events: events.items.map((e) => ({ id: e.id, title: e.title })),
        polls: polls.items.map((p) => ({ id: p.id, title: p.title, anonymous: p.anonymous })),
      }),
    );
  }, [circleId, enabled]);
  return { ...rest, channels };
}
