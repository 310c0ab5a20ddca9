// The browser console of one VM (#/vms/{id}/console): noVNC plus the keys
// and controls a phone or a browser would otherwise lack.
import { useEffect, useRef, useState } from "react";

import type { ApiError } from "../api";
import ErrorNotice from "../components/ErrorNotice";
import { toApiError } from "../vm/toApiError";
import type { Vm } from "../vm/types";
import { fetchVm } from "../vm/vmApi";
import ConsoleStatusLine from "./ConsoleStatusLine";
import ConsoleToolbar, { type Scale } from "./ConsoleToolbar";
import PhoneKeyboard from "./PhoneKeyboard";
import TypeTextPanel from "./TypeTextPanel";
import { useVncConsole } from "./useVncConsole";
import "./console.css";

interface Props {
  vmId: number;
}

function useVmSummary(vmId: number) {
  const [vm, setVm] = useState<Vm | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchVm(vmId, controller.signal).then(setVm, (err) => {
      if (!controller.signal.aborted) setError(toApiError(err));
    });

    return () => controller.abort();
  }, [vmId]);

  return { vm, error };
}

export default function ConsolePage({ vmId }: Props) {
  const frameRef = useRef<HTMLDivElement>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const keyboardRef = useRef<HTMLInputElement>(null);
  const [scale, setScale] = useState<Scale>("fit");
  const [typing, setTyping] = useState(false);
  const { vm, error } = useVmSummary(vmId);
  const { status, rfb, connect } = useVncConsole(
    vmId,
    screenRef,
    scale === "fit",
  );
  const connected = status.phase === "connected";

  return (
    <section className="console-page" aria-labelledby="console-title">
      <div className="console-heading">
        <a href="#/" className="console-back">
          ← My VMs
        </a>
        <h1 id="console-title">{vm ? vm.name : `VM ${vmId}`}</h1>
      </div>
      {error && <ErrorNotice error={error} />}
      {vm && !vm.node_online && (
        <div className="notice notice-warning" role="status">
          <p className="notice-message">
            The server this VM runs on is offline; the console cannot reach it
            until it is back.
          </p>
        </div>
      )}
      <ConsoleStatusLine status={status} />
      <ConsoleToolbar
        rfb={rfb}
        connected={connected}
        scale={scale}
        onScale={setScale}
        onReconnect={connect}
        onTypeText={() => setTyping(true)}
        onKeyboard={() => keyboardRef.current?.focus()}
        fullScreenRef={frameRef}
      />
      {typing && (
        <TypeTextPanel
          rfb={connected ? rfb : null}
          onClose={() => setTyping(false)}
        />
      )}
      <PhoneKeyboard ref={keyboardRef} rfb={connected ? rfb : null} />
      <div
        ref={frameRef}
        className={`console-frame console-frame-${scale}`}
        data-testid="console-frame"
      >
        <div
          ref={screenRef}
          className="console-screen"
          data-testid="console-screen"
        />
      </div>
    </section>
  );
}
