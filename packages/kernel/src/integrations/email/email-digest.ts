import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { EventSeverity } from '../../db/schema.js';
import type { HeldarEvent } from '../../events/event.types.js';
import { maskText } from '../../secrets/credential-mask.js';
import { atLeast, digestMail, MAX_LISTED_EVENTS } from './email-message.js';
import type { MailSend } from './email-sender.js';

export interface DigestState {
  pending: number;
  sent: number;
  last_sent_at: number | null;
  last_error: string | null;
}

/**
 * One mail per burst: the first event at or above the minimum severity opens a window of
 * `windowMs`; everything that arrives in it goes into one digest, sent when the window closes.
 * Collecting is synchronous and bounded (events beyond the listed ones are only counted), sending is
 * in the background: a slow or absent SMTP server never holds up the event log.
 */
export class EmailDigest {
  private batch: HeldarEvent[] = [];
  private overflow = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private readonly state: DigestState = { pending: 0, sent: 0, last_sent_at: null, last_error: null };

  constructor(
    private readonly send: MailSend,
    private readonly settings: { minSeverity: EventSeverity; windowMs: number; secrets: readonly string[] },
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  add(event: HeldarEvent): void {
    if (!atLeast(event.severity, this.settings.minSeverity)) return;
    if (this.batch.length < MAX_LISTED_EVENTS) this.batch.push(event);
    else this.overflow++;
    if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), this.settings.windowMs);
      this.timer.unref();
    }
  }

  status(): DigestState {
    return { ...this.state, pending: this.batch.length + this.overflow };
  }

  /** Sends what is collected now (the window's end, or shutdown); resolves when that mail is done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return this.sending;
    const mail = digestMail(this.batch, this.overflow);
    const count = this.batch.length + this.overflow;
    this.batch = [];
    this.overflow = 0;
    this.sending = this.sending.then(async () => {
      try {
        await this.send(mail);
        this.state.sent++;
        this.state.last_sent_at = this.clock.now();
        this.state.last_error = null;
      } catch (e: unknown) {
        this.state.last_error = this.describe(e);
        this.logger.warn({ events: count, reason: this.state.last_error }, 'email: digest not sent');
      }
    });
    return this.sending;
  }

  /** A failure as a person reads it, with any credential masked. */
  describe(e: unknown): string {
    return maskText(e instanceof Error ? e.message : String(e), this.settings.secrets);
  }

  recordTestResult(error: string | null): void {
    if (error === null) {
      this.state.sent++;
      this.state.last_sent_at = this.clock.now();
    }
    this.state.last_error = error;
  }
}
