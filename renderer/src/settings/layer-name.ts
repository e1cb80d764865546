// A base layer's name as Settings shows it: the provider's own name, but the run's --tiles layer in the UI's language.
import type { TFunction } from 'i18next';
import type { BaseLayer } from '../../../patrol/maps/providers';

export const RUN_LAYER = 'run-tiles';

export function layerName(l: BaseLayer, t: TFunction): string {
  return l.id === RUN_LAYER ? t('settings.runLayer') : l.name;
}
