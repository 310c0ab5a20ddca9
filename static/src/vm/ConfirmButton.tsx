// A button that asks "are you sure?" in place before it acts.
import { useState } from "react";

interface Props {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}

export default function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled = false,
  danger = false,
}: Props) {
  const [asking, setAsking] = useState(false);
  const tone = danger ? "button button-danger" : "button";

  if (!asking)
    return (
      <button
        type="button"
        className={tone}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );

  return (
    <div className="confirm" role="group" aria-label={question}>
      <p className="confirm-question">{question}</p>
      <div className="button-row">
        <button
          type="button"
          className={tone}
          disabled={disabled}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setAsking(false)}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
