/**
 * The cursor of a pipelined subscription: the highest event id below which every event is done
 * (delivered, or not wanted). Deliveries finish out of order; the cursor only moves past an event
 * once everything before it finished, so a crash re-delivers what was in flight and skips nothing.
 */
export class AckWatermark {
  /** Events read but not yet below the watermark, in id order; `true` once done. */
  private readonly pending: { id: number; done: boolean }[] = [];
  private head = 0;
  private readonly open = new Map<number, { id: number; done: boolean }>();

  constructor(private mark: number) {}

  get value(): number {
    return this.mark;
  }

  /** An event now in flight (ids must come in ascending order). */
  begin(id: number): void {
    const entry = { id, done: false };
    this.pending.push(entry);
    this.open.set(id, entry);
  }

  /** An event with nothing to do (not wanted); returns the new watermark when it moved. */
  skip(id: number): number | undefined {
    if (this.head === this.pending.length) {
      this.mark = id;
      return id;
    }
    this.pending.push({ id, done: true });
    return undefined;
  }

  /** An in-flight event delivered; returns the new watermark when it moved. */
  finish(id: number): number | undefined {
    const entry = this.open.get(id);
    if (entry === undefined) return undefined;
    this.open.delete(id);
    entry.done = true;
    const before = this.mark;
    while (this.head < this.pending.length && this.pending[this.head]!.done) this.mark = this.pending[this.head++]!.id;
    // Drop the consumed front now and then instead of shift() per event (O(n) each).
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    return this.mark === before ? undefined : this.mark;
  }
}
