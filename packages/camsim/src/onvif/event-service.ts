import { text, type XmlNode } from './soap.js';
import { OnvifFault, isoSeconds, type DeviceContext, type Handler } from './device-context.js';
import { parseDuration, PullPointSubscription, terminationFrom, type OnvifEventMessage } from './pull-point.js';

/** A subscription created without InitialTerminationTime lives this long unless renewed. */
const DEFAULT_TERMINATION_MS = 60_000;
const TOPIC_DIALECT = 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet';

function subscription(ctx: DeviceContext): PullPointSubscription {
  const sub = ctx.subscriptionId === undefined ? undefined : ctx.subscriptions.get(ctx.subscriptionId);
  if (sub === undefined || sub.terminationMs <= ctx.deviceNow()) {
    if (sub !== undefined) {
      ctx.subscriptions.delete(sub.id);
      sub.wake();
    }
    throw new OnvifFault(400, 'Sender', 'ter:InvalidArgVal', 'no such subscription (it expired or was never created)');
  }
  return sub;
}

function termination(value: string | undefined, ctx: DeviceContext): number {
  const t = terminationFrom(value, ctx.deviceNow(), DEFAULT_TERMINATION_MS);
  if (t === undefined || t <= ctx.deviceNow()) throw new OnvifFault(400, 'Sender', 'ter:InvalidArgVal', `bad termination time ${value ?? ''}`);
  return t;
}

function simpleItems(items: Record<string, string>): XmlNode {
  return { 'tt:SimpleItem': Object.entries(items).map(([name, value]) => ({ '@_Name': name, '@_Value': value })) };
}

function notification(m: OnvifEventMessage): XmlNode {
  return {
    'wsnt:Topic': { '@_Dialect': TOPIC_DIALECT, '#text': `tns1:${m.topic}` },
    'wsnt:Message': {
      'tt:Message': {
        '@_UtcTime': new Date(m.utcMs).toISOString(),
        '@_PropertyOperation': 'Changed',
        'tt:Source': simpleItems(m.source),
        'tt:Data': simpleItems(m.data),
      },
    },
  };
}

/** Events service (ver10): PullPoint subscriptions (create, pull with a long poll, renew, unsubscribe). */
export const EVENT_HANDLERS: Readonly<Record<string, Handler>> = {
  CreatePullPointSubscription: (ctx, body) => {
    const sub = new PullPointSubscription(ctx.scope, termination(text(body, 'InitialTerminationTime'), ctx));
    ctx.subscriptions.set(sub.id, sub);
    return {
      'tev:CreatePullPointSubscriptionResponse': {
        'tev:SubscriptionReference': { 'wsa:Address': `${ctx.baseUrl}/onvif/subscription/${sub.id}` },
        'wsnt:CurrentTime': isoSeconds(ctx.deviceNow()),
        'wsnt:TerminationTime': isoSeconds(sub.terminationMs),
      },
    };
  },
  PullMessages: async (ctx, body) => {
    const sub = subscription(ctx);
    const timeoutMs = parseDuration(text(body, 'Timeout') ?? 'PT0S');
    if (timeoutMs === undefined) throw new OnvifFault(400, 'Sender', 'ter:InvalidArgVal', 'Timeout must be a duration such as PT5S');
    const limit = Number(text(body, 'MessageLimit') ?? '100');
    const messages = await sub.pull(timeoutMs, Number.isFinite(limit) ? limit : 100);
    // A pull that waited past the subscription's end still answers, like a camera would.
    return {
      'tev:PullMessagesResponse': {
        'tev:CurrentTime': isoSeconds(ctx.deviceNow()),
        'tev:TerminationTime': isoSeconds(sub.terminationMs),
        'wsnt:NotificationMessage': messages.map(notification),
      },
    };
  },
  Renew: (ctx, body) => {
    const sub = subscription(ctx);
    sub.terminationMs = termination(text(body, 'TerminationTime'), ctx);
    return { 'wsnt:RenewResponse': { 'wsnt:TerminationTime': isoSeconds(sub.terminationMs), 'wsnt:CurrentTime': isoSeconds(ctx.deviceNow()) } };
  },
  Unsubscribe: (ctx) => {
    const sub = subscription(ctx);
    ctx.subscriptions.delete(sub.id);
    sub.wake();
    return { 'wsnt:UnsubscribeResponse': '' };
  },
};
