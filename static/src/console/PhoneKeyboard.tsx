// A hidden text field that brings up a phone's keyboard and forwards what
// is typed to the VM. Phones report keys unreliably (often as key 229), so
// text is read from the field's value and special keys from keydown.
import { forwardRef, useRef, type FormEvent, type KeyboardEvent } from "react";

import type RFB from "@novnc/novnc";

import {
  backspaceEvents,
  specialKeyEvents,
  textToKeyEvents,
  typedChange,
} from "./keysyms";

interface Props {
  rfb: RFB | null;
}

function send(
  rfb: RFB | null,
  events: { keysym: number; code: string | null; down: boolean }[],
) {
  if (rfb === null) return;
  for (const event of events) rfb.sendKey(event.keysym, event.code, event.down);
}

const PhoneKeyboard = forwardRef<HTMLInputElement, Props>(
  function PhoneKeyboard({ rfb }, ref) {
    const last = useRef("");

    function handleInput(event: FormEvent<HTMLInputElement>) {
      const field = event.currentTarget;
      const change = typedChange(last.current, field.value);
      send(rfb, [
        ...backspaceEvents(change.deletions),
        ...textToKeyEvents(change.inserted),
      ]);
      last.current = field.value;

      // Keep the field short; a word being composed is left alone.
      if (field.value.length > 64 && field.value.endsWith(" ")) {
        field.value = "";
        last.current = "";
      }
    }

    function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
      const field = event.currentTarget;
      // Backspace in a non-empty field arrives as an input event instead.
      if (event.key === "Backspace" && field.value !== "") return;
      if (event.key.length === 1 || event.ctrlKey || event.metaKey) return;

      const events = specialKeyEvents(event.key);
      if (events === null) return;

      event.preventDefault();
      send(rfb, events);
      if (event.key === "Enter") {
        field.value = "";
        last.current = "";
      }
    }

    return (
      <input
        ref={ref}
        className="phone-keyboard-input"
        type="text"
        aria-label="Type into the VM"
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="send"
        onInput={handleInput}
        onKeyDown={handleKeyDown}
      />
    );
  },
);

export default PhoneKeyboard;
