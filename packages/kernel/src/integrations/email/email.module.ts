import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { Conflict, ServiceUnavailable } from '../../errors.js';
import type { EventBus } from '../../events/event-bus.js';
import type { FeatureModule } from '../../feature-module.js';
import { toRfc3339OrNull } from '../../time.js';
import { EmailDigest } from './email-digest.js';
import { testMail } from './email-message.js';
import { smtpPort, smtpSender, type EmailConfig, type MailSend } from './email-sender.js';
import { emailRoutes, type EmailStatus, type EmailTestResult } from './email.routes.js';

export interface EmailModuleDeps {
  config: EmailConfig & Pick<Config, 'smtpMinSeverity' | 'smtpDigestSeconds'>;
  logger: Logger;
  clock: Clock;
  bus: EventBus;
  /** Replaces the SMTP transport (never needed by tests: they run a real SMTP server). */
  send?: MailSend;
}

export interface EmailModule extends FeatureModule {
  status(): EmailStatus;
  sendTest(): Promise<EmailTestResult>;
}

/** Event mail over SMTP (nodemailer), one digest per burst (issue 19); off unless HELDAR_SMTP_HOST and HELDAR_SMTP_TO are set. */
export function createEmailModule(ctx: EmailModuleDeps): EmailModule {
  const { config } = ctx;
  const logger = ctx.logger.child({ module: 'email' });
  const host = config.smtpHost;
  const enabled = host !== null && config.smtpTo.length > 0;
  const secrets = config.smtpPassword === null ? [] : [config.smtpPassword.reveal()];
  const send = enabled ? (ctx.send ?? smtpSender({ ...config, smtpHost: host })) : null;
  const digest =
    send === null ? null : new EmailDigest(send, { minSeverity: config.smtpMinSeverity, windowMs: config.smtpDigestSeconds * 1000, secrets }, ctx.clock, logger);
  if (host !== null && !enabled) logger.warn('email: HELDAR_SMTP_HOST is set but HELDAR_SMTP_TO names no recipient; email is off');

  const status = (): EmailStatus => {
    const s = digest?.status() ?? { pending: 0, sent: 0, last_sent_at: null, last_error: null };
    return {
      enabled,
      host,
      port: host === null ? null : smtpPort(config),
      tls: config.smtpTls,
      from: config.smtpFrom,
      recipients: [...config.smtpTo],
      min_severity: config.smtpMinSeverity,
      digest_seconds: config.smtpDigestSeconds,
      pending: s.pending,
      sent: s.sent,
      last_sent_at: toRfc3339OrNull(s.last_sent_at),
      last_error: s.last_error,
    };
  };
  const sendTest = async (): Promise<EmailTestResult> => {
    if (send === null || digest === null) throw new Conflict('email is off: set HELDAR_SMTP_HOST and HELDAR_SMTP_TO');
    try {
      const messageId = await send(testMail());
      digest.recordTestResult(null);
      return { sent: true, message_id: messageId, recipients: [...config.smtpTo] };
    } catch (e: unknown) {
      const reason = digest.describe(e);
      digest.recordTestResult(reason);
      throw new ServiceUnavailable(`the test mail was not sent: ${reason}`);
    }
  };

  let unsubscribe: (() => void) | undefined;
  return {
    status,
    sendTest,
    async routes(app) {
      await app.withTypeProvider<TypeBoxTypeProvider>().register(emailRoutes, { status, sendTest });
    },
    start() {
      if (digest !== null) unsubscribe = ctx.bus.subscribe((event) => digest.add(event));
      return Promise.resolve();
    },
    async stop() {
      unsubscribe?.();
      // What was collected is sent before the database closes, not lost with the process.
      await digest?.flush();
    },
  };
}
