// "Paste" for a VM without a clipboard: the text is typed as key presses.
import { useRef, useState, type FormEvent } from "react";

import type RFB from "@novnc/novnc";

import { textToKeyEvents } from "./keysyms";
import { sendKeyEvents } from "./sendKeys";

export const kTypeTextMax = 4000;

interface Props {
  rfb: RFB | null;
  onClose: () => void;
}

export default function TypeTextPanel({ rfb, onClose }: Props) {
  const [text, setText] = useState("");
  const [progress, setProgress] = useState<string | null>(null);
  const stop = useRef<AbortController | null>(null);
  const tooLong = text.length > kTypeTextMax;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (rfb === null || text === "" || tooLong) return;

    const events = textToKeyEvents(text);
    stop.current = new AbortController();
    setProgress("Typing…");
    await sendKeyEvents(
      rfb,
      events,
      (sent) =>
        setProgress(`Typing… ${Math.round((100 * sent) / events.length)}%`),
      stop.current.signal,
    );
    stop.current = null;
    setProgress(null);
    setText("");
    onClose();
    rfb.focus();
  }

  return (
    <form className="form type-text" onSubmit={handleSubmit}>
      <div className="field">
        <label className="field-label" htmlFor="type-text-input">
          Text to type into the VM
        </label>
        <textarea
          id="type-text-input"
          rows={3}
          value={text}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
        <p className="muted type-text-hint">
          The VM has no clipboard, so this is typed key by key on a US keyboard
          layout. A line break presses Enter.
        </p>
        {tooLong && (
          <p className="field-problem">
            At most {kTypeTextMax} characters at a time.
          </p>
        )}
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="button"
          disabled={rfb === null || text === "" || tooLong || progress !== null}
        >
          {progress ?? "Type it"}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            stop.current?.abort();
            onClose();
          }}
        >
          {progress ? "Stop" : "Cancel"}
        </button>
      </div>
    </form>
  );
}
