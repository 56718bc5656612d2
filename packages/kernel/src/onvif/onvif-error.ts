/**
 * Why an ONVIF call failed: `auth` (the camera refused the user or password), `no-service` (nothing
 * that speaks ONVIF answered at the URL), `timeout` (no answer within the call's deadline), `fault`
 * (the camera answered with a SOAP fault), `bad-url` (the URL itself is not acceptable), `gone`
 * (a subscription the camera no longer knows).
 */
export type OnvifFailure = 'auth' | 'no-service' | 'timeout' | 'fault' | 'bad-url' | 'gone';

/** An ONVIF call failed; the message is written for a person and never carries a password. */
export class OnvifError extends Error {
  override name = 'OnvifError';
  constructor(
    readonly kind: OnvifFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
