// Text typed into the VM becomes the keys a US keyboard would press.
import { describe, expect, it } from "vitest";

import {
  XK_Return,
  XK_Shift_L,
  backspaceEvents,
  specialKeyEvents,
  charToKeyStroke,
  textToKeyEvents,
  typedChange,
} from "./keysyms";

describe("charToKeyStroke", () => {
  it("maps letters and digits to their Latin-1 keysyms and keys", () => {
    expect(charToKeyStroke("a")).toEqual({
      keysym: 0x61,
      code: "KeyA",
      shift: false,
    });
    expect(charToKeyStroke("Z")).toEqual({
      keysym: 0x5a,
      code: "KeyZ",
      shift: true,
    });
    expect(charToKeyStroke("0")).toEqual({
      keysym: 0x30,
      code: "Digit0",
      shift: false,
    });
  });

  it("maps shifted symbols to the digit or symbol key under them", () => {
    expect(charToKeyStroke("$")).toEqual({
      keysym: 0x24,
      code: "Digit4",
      shift: true,
    });
    expect(charToKeyStroke(")")).toEqual({
      keysym: 0x29,
      code: "Digit0",
      shift: true,
    });
    expect(charToKeyStroke("_")).toEqual({
      keysym: 0x5f,
      code: "Minus",
      shift: true,
    });
    expect(charToKeyStroke('"')).toEqual({
      keysym: 0x22,
      code: "Quote",
      shift: true,
    });
    expect(charToKeyStroke("|")).toEqual({
      keysym: 0x7c,
      code: "Backslash",
      shift: true,
    });
  });

  it("maps unshifted symbols and space", () => {
    expect(charToKeyStroke("-")).toEqual({
      keysym: 0x2d,
      code: "Minus",
      shift: false,
    });
    expect(charToKeyStroke("/")).toEqual({
      keysym: 0x2f,
      code: "Slash",
      shift: false,
    });
    expect(charToKeyStroke(" ")).toEqual({
      keysym: 0x20,
      code: "Space",
      shift: false,
    });
  });

  it("maps newline to Return and tab to Tab", () => {
    expect(charToKeyStroke("\n")?.keysym).toBe(XK_Return);
    expect(charToKeyStroke("\t")?.code).toBe("Tab");
  });

  it("sends other characters as keysyms without a key", () => {
    expect(charToKeyStroke("é")).toEqual({
      keysym: 0xe9,
      code: null,
      shift: false,
    });
    expect(charToKeyStroke("€")).toEqual({
      keysym: 0x01000000 + 0x20ac,
      code: null,
      shift: false,
    });
  });

  it("skips control characters", () => {
    expect(charToKeyStroke("\u0007")).toBeNull();
    expect(charToKeyStroke("\u007f")).toBeNull();
  });
});

describe("textToKeyEvents", () => {
  it("presses and releases each key in order", () => {
    expect(textToKeyEvents("ab")).toEqual([
      { keysym: 0x61, code: "KeyA", down: true },
      { keysym: 0x61, code: "KeyA", down: false },
      { keysym: 0x62, code: "KeyB", down: true },
      { keysym: 0x62, code: "KeyB", down: false },
    ]);
  });

  it("wraps a shifted character in Shift down and up", () => {
    const events = textToKeyEvents("$");
    expect(events.map((e) => [e.keysym, e.down])).toEqual([
      [XK_Shift_L, true],
      [0x24, true],
      [0x24, false],
      [XK_Shift_L, false],
    ]);
  });

  it("types a CRLF as one Enter", () => {
    const downs = textToKeyEvents("x\r\ny").filter((e) => e.down);
    expect(downs.map((e) => e.keysym)).toEqual([0x78, XK_Return, 0x79]);
  });

  it("keeps characters outside the BMP whole", () => {
    const downs = textToKeyEvents("😀").filter((e) => e.down);
    expect(downs).toEqual([
      { keysym: 0x01000000 + 0x1f600, code: null, down: true },
    ]);
  });
});

describe("typedChange", () => {
  it("reports appended text", () => {
    expect(typedChange("ec", "echo")).toEqual({ deletions: 0, inserted: "ho" });
  });

  it("reports deletions", () => {
    expect(typedChange("echo", "ec")).toEqual({ deletions: 2, inserted: "" });
  });

  it("reports an autocorrected word as deletions then the new word", () => {
    expect(typedChange("teh", "the ")).toEqual({
      deletions: 2,
      inserted: "he ",
    });
  });
});

describe("backspaceEvents", () => {
  it("presses BackSpace the given number of times", () => {
    expect(backspaceEvents(2).filter((e) => e.down)).toHaveLength(2);
    expect(backspaceEvents(0)).toEqual([]);
  });
});

describe("specialKeyEvents", () => {
  it("maps Enter, Escape and arrows to their keysyms", () => {
    expect(specialKeyEvents("Enter")?.[0]).toEqual({
      keysym: XK_Return,
      code: "Enter",
      down: true,
    });
    expect(specialKeyEvents("Escape")?.[1]?.keysym).toBe(0xff1b);
    expect(specialKeyEvents("ArrowUp")?.[0]?.code).toBe("ArrowUp");
  });

  it("returns null for characters and unknown keys", () => {
    expect(specialKeyEvents("a")).toBeNull();
    expect(specialKeyEvents("Unidentified")).toBeNull();
  });
});
