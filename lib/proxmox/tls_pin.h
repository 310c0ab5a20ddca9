// Certificate pinning for libcurl + OpenSSL: the handshake fails unless the
// server's leaf certificate has the expected SHA-256 fingerprint.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "proxmox/curl_handle.h"

namespace cc::proxmox {

// "AB:CD:.." or "abcd..": 32 bytes as 64 upper-case hex digits without
// colons; errors: invalid_argument.
Result<std::string> normalise_fingerprint(std::string_view text);

// Installs the pin check on `handle`; `pin` (normalised) must outlive
// every transfer made with it.
void install_pin(CURL* handle, const std::string& pin);

}  // namespace cc::proxmox
