// The header's way to the Connections panel: how many links are open and whether any is lost, from every view.
import { useTranslation } from 'react-i18next';
import type { WatchpostApi } from '../../../electron/api';
import { useLinks } from './use-links';

export function LinksBadge({ api }: { api: WatchpostApi }) {
  const { t } = useTranslation();
  const links = useLinks(api).filter((l) => l.state !== 'closed');
  const lost = links.some((l) => l.state === 'lost');
  return (
    <a href="#/fly" data-testid="nav-connections" className={`links-badge${lost ? ' lost' : links.length > 0 ? ' on' : ''}`} title={t('fly.connections')}>
      ● {links.length === 0 ? t('app.noLinks') : t('app.links', { count: links.length })}{lost ? ` · ${t('fly.state.lost')}` : ''}
    </a>
  );
}
