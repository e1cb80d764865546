// The patrol's flight path as the preflight checks walked it (takeoff, legs, return), and the findings that have
// a place, as red (error) or amber (warning) rings.
import { memo } from 'react';
import { CircleMarker, Polyline, Tooltip } from 'react-leaflet';
import type { PathPoint } from '../../../patrol/preflight/path';
import type { Finding } from '../../../patrol/preflight/types';
import { findingText } from '../../../patrol/preflight/finding-text';
import { useTranslation } from 'react-i18next';

const SEVERITY_COLOUR = { error: '#d50000', warning: '#ff8f00', info: '#0277bd' } as const;

export const RouteLayer = memo(function RouteLayer({ path, findings, selected }: { path: readonly PathPoint[]; findings: readonly Finding[]; selected: number | null }) {
  const { i18n } = useTranslation();
  return (
    <>
      <Polyline positions={path.map((p) => [p.lat_deg, p.lon_deg])} className={'wp-route'} pathOptions={{ color: '#6a1b9a', weight: 2.5, opacity: 0.85 }} />
      {findings.map((f, i) =>
        f.location && f.severity !== 'info' ? (
          <CircleMarker
            key={i}
            center={[f.location.lat_deg, f.location.lon_deg]}
            radius={selected === i ? 14 : 9}
            className={`wp-finding wp-finding-${f.severity}`} pathOptions={{ color: SEVERITY_COLOUR[f.severity], weight: 3, fillOpacity: 0.15 }}
          >
            <Tooltip>{findingText(f, i18n.language === 'zh-CN' ? 'zh-CN' : 'en')}</Tooltip>
          </CircleMarker>
        ) : null,
      )}
    </>
  );
});
