// The open links as the Connections panel shows them (state, traffic, recording), from the API's `links` events
// (at most 4 a second). Live only: a replay has no links.
import { useEffect, useState } from 'react';
import type { LinkSummary, WatchpostApi } from '../../../electron/api';

export function useLinks(api: WatchpostApi): LinkSummary[] {
  const [links, setLinks] = useState<LinkSummary[]>([]);
  useEffect(() => {
    const off = api.on('links', setLinks);
    void api.links().then((r) => r.ok && setLinks(r.value));
    return off;
  }, [api]);
  return links;
}
