// Turns text into X11 key events for a VNC server, as a US keyboard would
// type it. QEMU's VNC server has no clipboard, so "paste" means typing.
//
// Each key carries its physical key code too: with QEMU's extended key
// events noVNC sends the scancode, so a shifted character needs a real
// Shift press around it or the guest would see the unshifted key.

export const XK_BackSpace = 0xff08;
export const XK_Tab = 0xff09;
export const XK_Return = 0xff0d;
export const XK_Shift_L = 0xffe1;

export interface KeyStroke {
  keysym: number;
  code: string | null;
  shift: boolean;
}

export interface KeyEvent {
  keysym: number;
  code: string | null;
  down: boolean;
}

const kUnshifted = "`-=[]\\;',./";
const kShifted = '~_+{}|:"<>?';
const kSymbolCodes = [
  "Backquote",
  "Minus",
  "Equal",
  "BracketLeft",
  "BracketRight",
  "Backslash",
  "Semicolon",
  "Quote",
  "Comma",
  "Period",
  "Slash",
];
// Shift plus Digit1..Digit9, Digit0.
const kShiftedDigits = "!@#$%^&*()";

function symbolStroke(ch: string, keysym: number): KeyStroke | null {
  let at = kUnshifted.indexOf(ch);
  if (at >= 0) return { keysym, code: kSymbolCodes[at] ?? null, shift: false };

  at = kShifted.indexOf(ch);
  if (at >= 0) return { keysym, code: kSymbolCodes[at] ?? null, shift: true };

  at = kShiftedDigits.indexOf(ch);
  if (at >= 0) return { keysym, code: `Digit${(at + 1) % 10}`, shift: true };

  return null;
}

// The key for one character (one code point), or null for a control
// character that has no key.
export function charToKeyStroke(ch: string): KeyStroke | null {
  const cp = ch.codePointAt(0);
  if (cp === undefined) return null;

  if (ch === "\n" || ch === "\r")
    return { keysym: XK_Return, code: "Enter", shift: false };
  if (ch === "\t") return { keysym: XK_Tab, code: "Tab", shift: false };
  if (cp < 0x20 || cp === 0x7f) return null;

  if (ch === " ") return { keysym: cp, code: "Space", shift: false };
  if (ch >= "a" && ch <= "z")
    return { keysym: cp, code: `Key${ch.toUpperCase()}`, shift: false };
  if (ch >= "A" && ch <= "Z")
    return { keysym: cp, code: `Key${ch}`, shift: true };
  if (ch >= "0" && ch <= "9")
    return { keysym: cp, code: `Digit${ch}`, shift: false };

  const symbol = symbolStroke(ch, cp);
  if (symbol) return symbol;

  // Not on a US keyboard: send the keysym alone and let the server map it.
  if (cp >= 0xa0 && cp <= 0xff) return { keysym: cp, code: null, shift: false };

  return { keysym: 0x01000000 + cp, code: null, shift: false };
}

// Presses and releases for the whole text; "\r\n" counts as one Enter.
export function textToKeyEvents(text: string): KeyEvent[] {
  const events: KeyEvent[] = [];

  for (const ch of Array.from(text.replace(/\r\n/g, "\n"))) {
    const stroke = charToKeyStroke(ch);
    if (stroke === null) continue;

    const key = { keysym: stroke.keysym, code: stroke.code };
    if (stroke.shift)
      events.push({ keysym: XK_Shift_L, code: "ShiftLeft", down: true });
    events.push({ ...key, down: true }, { ...key, down: false });
    if (stroke.shift)
      events.push({ keysym: XK_Shift_L, code: "ShiftLeft", down: false });
  }

  return events;
}

export interface TypedChange {
  deletions: number;
  inserted: string;
}

// What a phone keyboard did to a text field, as backspaces then new text:
// keyboards with autocorrect rewrite words, so only the value is reliable.
export function typedChange(before: string, after: string): TypedChange {
  const a = Array.from(before);
  const b = Array.from(after);
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;

  return { deletions: a.length - same, inserted: b.slice(same).join("") };
}

export function backspaceEvents(count: number): KeyEvent[] {
  const events: KeyEvent[] = [];
  for (let i = 0; i < count; i++) {
    events.push({ keysym: XK_BackSpace, code: "Backspace", down: true });
    events.push({ keysym: XK_BackSpace, code: "Backspace", down: false });
  }

  return events;
}

// Keys a hardware or phone keyboard sends that are not characters.
const kSpecialKeys: Record<string, KeyStroke> = {
  Enter: { keysym: XK_Return, code: "Enter", shift: false },
  Backspace: { keysym: XK_BackSpace, code: "Backspace", shift: false },
  Tab: { keysym: XK_Tab, code: "Tab", shift: false },
  Escape: { keysym: 0xff1b, code: "Escape", shift: false },
  Delete: { keysym: 0xffff, code: "Delete", shift: false },
  Home: { keysym: 0xff50, code: "Home", shift: false },
  End: { keysym: 0xff57, code: "End", shift: false },
  ArrowLeft: { keysym: 0xff51, code: "ArrowLeft", shift: false },
  ArrowUp: { keysym: 0xff52, code: "ArrowUp", shift: false },
  ArrowRight: { keysym: 0xff53, code: "ArrowRight", shift: false },
  ArrowDown: { keysym: 0xff54, code: "ArrowDown", shift: false },
};

// Press and release of a named key (KeyboardEvent.key), or null.
export function specialKeyEvents(key: string): KeyEvent[] | null {
  const stroke = kSpecialKeys[key];
  if (!stroke) return null;

  const base = { keysym: stroke.keysym, code: stroke.code };

  return [
    { ...base, down: true },
    { ...base, down: false },
  ];
}
