// The console's buttons: keys the browser would swallow, view and session.
import { useEffect, useState, type RefObject } from "react";

import type RFB from "@novnc/novnc";

export type Scale = "fit" | "actual";

interface Props {
  rfb: RFB | null;
  connected: boolean;
  scale: Scale;
  onScale: (scale: Scale) => void;
  onReconnect: () => void;
  onTypeText: () => void;
  onKeyboard: () => void;
  fullScreenRef: RefObject<HTMLElement | null>;
}

function useFullScreen(ref: RefObject<HTMLElement | null>) {
  const [active, setActive] = useState(false);

  useEffect(() => {
    const onChange = () =>
      setActive(
        document.fullscreenElement === ref.current && ref.current !== null,
      );
    document.addEventListener("fullscreenchange", onChange);

    return () => document.removeEventListener("fullscreenchange", onChange);
  }, [ref]);

  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void ref.current?.requestFullscreen?.().catch(() => {});
  };

  return { active, toggle, supported: document.fullscreenEnabled === true };
}

export default function ConsoleToolbar({
  rfb,
  connected,
  scale,
  onScale,
  onReconnect,
  onTypeText,
  onKeyboard,
  fullScreenRef,
}: Props) {
  const fullScreen = useFullScreen(fullScreenRef);
  const live = connected && rfb !== null;

  return (
    <div className="console-toolbar" role="toolbar" aria-label="Console">
      <button
        type="button"
        className="button"
        disabled={!live}
        onClick={() => {
          rfb?.sendCtrlAltDel();
          rfb?.focus();
        }}
      >
        Ctrl-Alt-Del
      </button>
      <button
        type="button"
        className="button"
        disabled={!live}
        onClick={onTypeText}
      >
        Type text
      </button>
      <button
        type="button"
        className="button"
        disabled={!live}
        onClick={onKeyboard}
      >
        Keyboard
      </button>
      <button
        type="button"
        className="button"
        aria-pressed={scale === "fit"}
        onClick={() => onScale(scale === "fit" ? "actual" : "fit")}
      >
        {scale === "fit" ? "Actual size (1:1)" : "Fit to window"}
      </button>
      {fullScreen.supported && (
        <button type="button" className="button" onClick={fullScreen.toggle}>
          {fullScreen.active ? "Leave full screen" : "Full screen"}
        </button>
      )}
      <button type="button" className="button" onClick={onReconnect}>
        Reconnect
      </button>
    </div>
  );
}
