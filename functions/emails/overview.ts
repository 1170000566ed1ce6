import type { BaseView, Command } from './shared';

/**
 * What the list, contacts and export emails share: groups of items, each bounded (the top items,
 * then "and N more"), and the commands to answer with. The three fill one template
 * (templates/overview.*); each module builds its own groups.
 */

export interface OverviewItem {
  label: string;
  detail?: string;
}

export interface OverviewGroup {
  title: string;
  upper: string;
  items: OverviewItem[];
  more?: string;
}

export interface OverviewView extends BaseView {
  groups: OverviewGroup[];
  empty: string;
  commandsTitle: string;
  commands: readonly Command[];
}

/**
 * The first `shown` items and a line for the rest. `total` is the true count when known; with
 * `atLeast`, it is a lower bound (a bounded read that stopped at its limit).
 */
export function boundedGroup(
  title: string,
  items: readonly OverviewItem[],
  shown: number,
  total: number = items.length,
  atLeast = false,
): OverviewGroup | undefined {
  if (total === 0 && items.length === 0) return undefined;
  const rest = total - Math.min(shown, items.length);
  return {
    title,
    upper: title.toUpperCase(),
    items: items.slice(0, shown),
    ...(rest > 0 ? { more: `and ${rest}${atLeast ? ' or more' : ''} more` } : {}),
  };
}
