// Runs one noVNC session for a VM: asks cc-console for a fresh ticket,
// opens the websocket, and reports connecting / connected / disconnected
// with a reason. Reconnecting always asks for a new single-use ticket.
import RFB from "@novnc/novnc";
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type RefObject,
} from "react";

import { toApiError } from "../vm/toApiError";
import { openConsoleTicket } from "../vm/vmApi";
import { consoleWebSocketUrl } from "./wsUrl";

export type ConsolePhase =
  "requesting" | "connecting" | "connected" | "disconnected";

export interface ConsoleStatus {
  phase: ConsolePhase;
  reason: string | null;
  // Milliseconds from asking for a ticket to the RFB session being up.
  connectMs: number | null;
}

export interface VncConsole {
  status: ConsoleStatus;
  rfb: RFB | null;
  connect: () => void;
}

function disconnectReason(
  connected: boolean,
  clean: boolean,
  security: string | null,
): string {
  if (security) return security;
  if (connected)
    return clean
      ? "The console was closed."
      : "The connection to the VM's screen was lost.";

  return (
    "The console connection could not be opened (its one-time ticket may " +
    "have expired, or the VM's server is not answering)."
  );
}

export function useVncConsole(
  vmId: number,
  screenRef: RefObject<HTMLDivElement | null>,
  scaleToFit: boolean,
): VncConsole {
  const [status, setStatus] = useState<ConsoleStatus>({
    phase: "requesting",
    reason: null,
    connectMs: null,
  });
  const [rfb, setRfb] = useState<RFB | null>(null);
  const current = useRef<RFB | null>(null);
  const generation = useRef(0);
  const scaleRef = useRef(scaleToFit);
  scaleRef.current = scaleToFit;

  const close = useCallback(() => {
    generation.current++;
    const old = current.current;
    current.current = null;
    setRfb(null);
    old?.disconnect();
  }, []);

  const connect = useCallback(async () => {
    close();
    const mine = generation.current;
    const started = performance.now();
    setStatus({ phase: "requesting", reason: null, connectMs: null });

    let ticket;
    try {
      ticket = await openConsoleTicket(vmId);
    } catch (err) {
      if (mine !== generation.current) return;
      setStatus({
        phase: "disconnected",
        reason: toApiError(err).message,
        connectMs: null,
      });
      return;
    }

    const screen = screenRef.current;
    if (mine !== generation.current || screen === null) return;

    const url = consoleWebSocketUrl(window.location.href, ticket.ws_path);
    if (url === null) {
      setStatus({
        phase: "disconnected",
        reason: "The server sent a console address outside ClassCloud.",
        connectMs: null,
      });
      return;
    }

    setStatus({ phase: "connecting", reason: null, connectMs: null });
    const session = new RFB(screen, url, {
      credentials: { password: ticket.password },
      wsProtocols: ["binary"],
      shared: true,
    });
    session.scaleViewport = scaleRef.current;
    session.resizeSession = false;
    session.background = "#000000";

    let connected = false;
    let security: string | null = null;
    let credentialsSent = false;
    const live = () => current.current === session;

    session.addEventListener("connect", () => {
      if (!live()) return;
      connected = true;
      setStatus({
        phase: "connected",
        reason: null,
        connectMs: Math.round(performance.now() - started),
      });
      session.focus();
    });
    session.addEventListener("disconnect", (event) => {
      if (!live()) return;
      const clean = Boolean((event as CustomEvent).detail?.clean);
      current.current = null;
      setRfb(null);
      setStatus({
        phase: "disconnected",
        reason: disconnectReason(connected, clean, security),
        connectMs: null,
      });
    });
    session.addEventListener("securityfailure", (event) => {
      const detail = (event as CustomEvent).detail ?? {};
      security =
        "The VM refused the console password" +
        (detail.reason ? `: ${detail.reason}` : ".");
    });
    session.addEventListener("credentialsrequired", () => {
      // The password went with the connection; a second ask means it failed.
      if (credentialsSent || !ticket.password) {
        security = "The VM asked for a password the console does not have.";
        session.disconnect();
        return;
      }
      credentialsSent = true;
      session.sendCredentials({ password: ticket.password });
    });

    current.current = session;
    setRfb(session);
  }, [vmId, screenRef, close]);

  useEffect(() => {
    void connect();

    return close;
  }, [connect, close]);

  useEffect(() => {
    if (rfb) rfb.scaleViewport = scaleToFit;
  }, [rfb, scaleToFit]);

  return { status, rfb, connect: () => void connect() };
}
