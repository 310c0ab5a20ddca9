// Error classification from status codes and Proxmox's own error texts.
#include "proxmox/errors.h"

#include <array>

namespace cc::proxmox {
namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// Texts a retry cannot change: the object or parameter is wrong.
constexpr std::array<std::string_view, 12> kFinalTexts = {
    "does not exist",  "already exists",  "not running",
    "already running", "protection mode", "it's a template",
    "not allowed",     "can't clone",     "no such",
    "invalid format",  "already used",    "unable to find configuration",
};

// Texts that name a transient condition on the Proxmox side.
constexpr std::array<std::string_view, 5> kTransientTexts = {
    "got timeout",        "is locked",
    "got no worker upid", "got lock request timeout",
    "trying to acquire",
};

ErrorCode code_for_text(std::string_view text) {
    for (auto part : kTransientTexts) {
        if (contains(text, part)) return ErrorCode::unavailable;
    }

    if (contains(text, "already exists") || contains(text, "already used")) {
        return ErrorCode::conflict;
    }

    if (contains(text, "does not exist") ||
        contains(text, "unable to find configuration")) {
        return ErrorCode::not_found;
    }

    for (auto part : kFinalTexts) {
        if (contains(text, part)) return ErrorCode::upstream_failed;
    }

    // An unknown 500 is retried within the job's bounds rather than lost.
    return ErrorCode::unavailable;
}

ErrorCode code_for_status(long status, std::string_view text) {
    if (status == 0) return ErrorCode::unavailable;

    if (status == 401) return ErrorCode::unauthenticated;

    if (status == 403) return ErrorCode::forbidden;

    if (status == 400) return ErrorCode::invalid_argument;

    if (status == 500) return code_for_text(text);

    if (status >= 500) {
        return status == 501 ? ErrorCode::upstream_failed
                             : ErrorCode::unavailable;
    }

    return ErrorCode::upstream_failed;
}

std::string trim_newlines(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

}  // namespace

bool is_lock_text(std::string_view text) {
    return contains(text, "got timeout") || contains(text, "is locked") ||
           contains(text, "lock request timeout");
}

Error classify(const Failure& failure) {
    std::string text = trim_newlines(failure.message.empty() ? failure.reason
                                                             : failure.message);

    ErrorCode code = code_for_status(failure.status, text);

    std::string message =
        failure.status == 0
            ? "Proxmox could not be reached"
            : "Proxmox answered " + std::to_string(failure.status) +
                  (text.empty() ? std::string() : ": " + text);

    std::string detail = failure.what + ": " + message;
    if (!failure.reason.empty() && failure.reason != text) {
        detail += " (" + failure.reason + ")";
    }

    return make_error(code, message, detail);
}

Error classify_task(std::string_view exitstatus, std::string_view what,
                    std::string_view log_tail) {
    ErrorCode code = code_for_text(exitstatus);

    std::string message = "Proxmox task failed: " + std::string(exitstatus);

    std::string detail = std::string(what) + ": " + std::string(exitstatus);
    if (!log_tail.empty()) detail += "; log tail: " + std::string(log_tail);

    return make_error(code, message, detail);
}

bool is_retryable(const Error& error) {
    return error.code == ErrorCode::unavailable;
}

}  // namespace cc::proxmox
