import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Nullable, Rfc3339 } from '../../contract/schemas.js';

export const EmailStatusSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether HELDAR_SMTP_HOST and HELDAR_SMTP_TO are set.' }),
    host: Nullable(Type.String()),
    port: Nullable(Type.Integer()),
    tls: Type.String({ description: 'none, starttls or tls.' }),
    from: Type.String(),
    recipients: Type.Array(Type.String()),
    min_severity: Type.String({ description: 'Events below it are not mailed.' }),
    digest_seconds: Type.Integer({ description: 'A burst is collected this long after its first event, then mailed as one digest.' }),
    pending: Type.Integer({ description: 'Events waiting for the current digest.' }),
    sent: Type.Integer({ description: 'Mails sent since start (digests and tests).' }),
    last_sent_at: Nullable(Rfc3339),
    last_error: Nullable(Type.String({ description: 'Why the last mail failed (masked); null after a success.' })),
  },
  { $id: 'EmailStatus', additionalProperties: false },
);
export type EmailStatus = Static<typeof EmailStatusSchema>;

export const EmailTestResultSchema = Type.Object(
  { sent: Type.Boolean(), message_id: Type.String({ description: "The SMTP server's id of the mail." }), recipients: Type.Array(Type.String()) },
  { $id: 'EmailTestResult', additionalProperties: false },
);
export type EmailTestResult = Static<typeof EmailTestResultSchema>;

export interface EmailRoutesDeps {
  status: () => EmailStatus;
  sendTest: () => Promise<EmailTestResult>;
}

export const emailRoutes: FastifyPluginAsyncTypebox<EmailRoutesDeps> = async (app, { status, sendTest }) => {
  const config = { access: { minRole: 'admin' } } as const;
  app.get('/api/integrations/email', {
    schema: {
      tags: ['integrations'],
      summary: 'Email status',
      description: 'The SMTP settings in effect (never the password), the digest in progress, mails sent and the last error. Admin only.',
      response: { 200: EmailStatusSchema },
    },
    config,
    handler: () => status(),
  });
  app.post('/api/integrations/email/test', {
    schema: {
      tags: ['integrations'],
      summary: 'Send a test mail now',
      description: "Sends a test mail to the recipients at once (no digest). 409 when email is off; 503 with the server's reason when sending fails.",
      response: { 200: EmailTestResultSchema, ...errorResponses(409, 503) },
    },
    config,
    handler: () => sendTest(),
  });
};
