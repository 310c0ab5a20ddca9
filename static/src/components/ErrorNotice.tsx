// Shows an ApiError to the user, with its request id for support.
import type { ApiError } from "../api";

interface Props {
  error: ApiError;
  // Extra sentence after the server's message, e.g. when to try again.
  hint?: string;
  onRetry?: () => void;
}

export default function ErrorNotice({ error, hint, onRetry }: Props) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message">
        {error.message}
        {hint && ` ${hint}`}
      </p>
      {error.requestId && (
        <p className="notice-detail">Request id: {error.requestId}</p>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
