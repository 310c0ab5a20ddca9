// The one check every post-login redirect goes through: only a path on
// this site, never another origin.
#pragma once

#include <string>
#include <string_view>

namespace cc::sso {

// `candidate` when it is a same-origin path ("/courses/3?tab=vms"), else
// "/". Refused: absolute and scheme-relative URLs ("//evil", "/\evil"),
// backslashes, control characters, and anything over 512 bytes.
std::string safe_return_path(std::string_view candidate);

}  // namespace cc::sso
