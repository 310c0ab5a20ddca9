// Encodings SSO messages use: base64url, URL query escaping, markup
// escaping and a raw SHA-256 digest.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cc::sso {

std::string base64url_encode(std::string_view bytes);

// Decodes base64url with or without padding; nullopt for bad input.
std::optional<std::string> base64url_decode(std::string_view text);

// Escapes everything but RFC 3986 unreserved characters.
std::string url_escape(std::string_view text);

// "a=1&b=2", each value escaped.
std::string form_encode(
    const std::vector<std::pair<std::string, std::string>>& fields);

// `&`, `<`, `>` and `"` as entities: safe inside HTML or XML text and
// double-quoted attributes.
std::string markup_escape(std::string_view text);

// The 32 raw bytes of SHA-256.
std::string sha256_raw(std::string_view data);

}  // namespace cc::sso
