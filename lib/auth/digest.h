// Digests and comparisons for secrets: SHA-256 in hex and a compare that
// takes the same time whatever the inputs share.
#pragma once

#include <string>
#include <string_view>

namespace cc::auth {

std::string sha256_hex(std::string_view data);

bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace cc::auth
