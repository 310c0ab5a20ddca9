// Same-origin path check for post-login redirects.
#include "sso/redirect.h"

namespace cc::sso {
namespace {

constexpr size_t kMaxReturnPath = 512;

bool allowed_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '\\';
}

}  // namespace

std::string safe_return_path(std::string_view candidate) {
    if (candidate.empty() || candidate.size() > kMaxReturnPath) return "/";

    // One leading slash: "//host" and "/\host" name another origin.
    if (candidate[0] != '/') return "/";
    if (candidate.size() > 1 && (candidate[1] == '/' || candidate[1] == '\\')) {
        return "/";
    }

    for (char c : candidate) {
        if (!allowed_char(c)) return "/";
    }

    // An encoded slash or backslash right after the first one is decoded
    // by some browsers before they resolve the location.
    std::string_view rest = candidate.substr(1);
    if (rest.starts_with("%2f") || rest.starts_with("%2F") ||
        rest.starts_with("%5c") || rest.starts_with("%5C")) {
        return "/";
    }
    return std::string(candidate);
}

}  // namespace cc::sso
