/**
 * One timer for every camera: per-camera or per-frame timers would cost a timer callback per
 * frame per camera, and 64 cameras at 25 fps is 1600 wake-ups a second.
 */
export class Ticker {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly onTick: () => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(this.onTick, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
