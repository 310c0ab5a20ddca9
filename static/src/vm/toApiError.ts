// Any thrown value as an ApiError, so every failure shows the same way.
import { ApiError } from "../api";

export function toApiError(err: unknown, what = "That failed."): ApiError {
  if (err instanceof ApiError) return err;

  return new ApiError(0, "internal", what);
}
