import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import type { MailContent } from './email-message.js';

export type EmailConfig = Pick<Config, 'smtpHost' | 'smtpPort' | 'smtpTls' | 'smtpUsername' | 'smtpPassword' | 'smtpFrom' | 'smtpTo'>;

/** Sends one mail; resolves with the server's message id. */
export type MailSend = (mail: MailContent) => Promise<string>;

/** The port in effect: the one set, else the usual one for the TLS mode. */
export function smtpPort(config: Pick<Config, 'smtpPort' | 'smtpTls'>): number {
  if (config.smtpPort !== 0) return config.smtpPort;
  return config.smtpTls === 'tls' ? 465 : config.smtpTls === 'starttls' ? 587 : 25;
}

/**
 * A nodemailer SMTP transport from the configuration. `starttls` requires the upgrade (a server that
 * does not offer it is refused rather than sent the password in the clear); `none` never tries it.
 */
export function smtpSender(config: EmailConfig & { smtpHost: string }): MailSend {
  const transport = nodemailer.createTransport({
    host: config.smtpHost,
    port: smtpPort(config),
    secure: config.smtpTls === 'tls',
    requireTLS: config.smtpTls === 'starttls',
    ignoreTLS: config.smtpTls === 'none',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    ...(config.smtpUsername === null ? {} : { auth: { user: config.smtpUsername, pass: config.smtpPassword?.reveal() ?? '' } }),
  });
  return async (mail) => {
    const info = (await transport.sendMail({ from: config.smtpFrom, to: [...config.smtpTo], subject: mail.subject, text: mail.text })) as { messageId: string };
    return info.messageId;
  };
}
