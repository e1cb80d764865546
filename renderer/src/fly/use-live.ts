// The Fly view's live data: what the Node side pushes (links, vehicles, duty-post states, upload progress), kept
// in React state. Everything arrives at most 20 times a second per kind (the Node side throttles); nothing per packet.
import { useEffect, useState } from 'react';
import type { LinkPosts, LinkSummary, UploadProgress, VehicleSnapshot, WatchpostApi } from '../../../electron/api';

export interface Live {
  links: LinkSummary[];
  vehicles: VehicleSnapshot[];
  posts: LinkPosts[];
  upload: UploadProgress | null;
}

export function useLive(api: WatchpostApi): Live {
  const [links, setLinks] = useState<LinkSummary[]>([]);
  const [vehicles, setVehicles] = useState<VehicleSnapshot[]>([]);
  const [posts, setPosts] = useState<LinkPosts[]>([]);
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  useEffect(() => {
    const offs = [api.on('links', setLinks), api.on('vehicles', setVehicles), api.on('posts', setPosts), api.on('upload', setUpload)];
    void api.links().then((r) => {
      if (r.ok) setLinks(r.value);
    });
    return () => offs.forEach((off) => off());
  }, [api]);
  return { links, vehicles, posts, upload };
}
