import type { SesCall } from '../ses-fault-proxy.ts';
import type { SenderProcess } from './sender-spec.ts';

/**
 * SIGKILLs the sender processes of a round when SES has accepted a planned share of the list.
 * The call that reaches the share is held open (accepted, never answered), so the senders die
 * holding that claim and whatever else they had in flight — the worst moment for a ledger.
 */
export class KillSwitch {
  /** Kills carried out so far (one per kill event, however many processes it ended). */
  public done = 0;
  private readonly thresholds: number[];
  private readonly running = new Set<SenderProcess>();
  private heldFor: string | null = null;

  public constructor(shares: readonly number[], subscribers: number) {
    this.thresholds = shares.map((share) => Math.max(1, Math.round(share * subscribers)));
  }

  /** Kills still planned. */
  public remaining(): number {
    return this.thresholds.length - this.done;
  }

  public watch(sender: SenderProcess): void {
    this.running.add(sender);
  }

  public unwatch(sender: SenderProcess): void {
    this.running.delete(sender);
  }

  /** Whether this call is the one to hold: the next kill is due and sender processes run. */
  public shouldHold(call: SesCall, acceptedSoFar: number): boolean {
    const next = this.thresholds[this.done];
    if (this.heldFor !== null || this.running.size === 0 || next === undefined) return false;
    if (acceptedSoFar + 1 < next) return false;
    this.heldFor = call.recipient;
    return true;
  }

  /** SES accepted a held call: if it is the kill's, SIGKILL every sender process now. */
  public held(message: { recipient: string }): void {
    if (message.recipient !== this.heldFor) return;
    this.heldFor = null;
    if (this.running.size === 0) return;
    for (const sender of this.running) sender.kill();
    this.done += 1;
  }
}
