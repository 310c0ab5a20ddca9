// Sends key events to the VM a few at a time, so a long text does not
// flood the guest's keyboard buffer or freeze the page.
import type RFB from "@novnc/novnc";

import type { KeyEvent } from "./keysyms";

const kBatch = 32;
const kPauseMs = 20;

export async function sendKeyEvents(
  rfb: RFB,
  events: KeyEvent[],
  onProgress?: (sent: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  for (let at = 0; at < events.length; at += kBatch) {
    if (signal?.aborted) return;

    for (const event of events.slice(at, at + kBatch))
      rfb.sendKey(event.keysym, event.code, event.down);
    onProgress?.(Math.min(at + kBatch, events.length));

    if (at + kBatch < events.length)
      await new Promise((resolve) => window.setTimeout(resolve, kPauseMs));
  }
}
