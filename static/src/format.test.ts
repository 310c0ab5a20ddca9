// Behaviour of formatWait, the rate-limit wait shown on the login page.
import { describe, expect, it } from "vitest";

import { formatWait } from "./format";

describe("formatWait", () => {
  it("counts seconds under a minute", () => {
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(45)).toBe("45 seconds");
  });

  it("rounds up to whole minutes under an hour", () => {
    expect(formatWait(61)).toBe("2 minutes");
    expect(formatWait(60)).toBe("1 minute");
  });

  it("shows hours and the remaining minutes", () => {
    expect(formatWait(3600)).toBe("1 hour");
    expect(formatWait(3900)).toBe("1 hour 5 minutes");
  });
});
