// The shop's queue, topic, group and key names in a run's namespace (see ShopNames).
import type { Names, ShopNames } from '../../sdk/index.ts';

export function shopNames(names: Names): ShopNames {
  return {
    keyPrefix: names.key('shop') + ':',
    notificationsQueue: names.queue('shop.notifications'),
    notificationsDlx: names.exchange('shop.notifications.dlx'),
    notificationsDlq: names.queue('shop.notifications.dlq'),
    userRpcQueue: names.queue('shop.user.lookup'),
    activityTopic: names.topic('shop.activity'),
    analyticsGroup: names.group('shop.analytics'),
  };
}
