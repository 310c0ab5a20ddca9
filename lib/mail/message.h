// One plain-text mail as RFC 5322 text: headers checked for CR and LF,
// display names and subjects encoded per RFC 2047 when they are not ASCII.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace cc::mail {

struct Address {
    std::string email;
    std::string name;  // "" for a bare address
};

struct Message {
    Address from;
    Address to;
    std::string subject;
    std::string body;  // UTF-8 text with \n line ends
};

// The whole message with CRLF line ends, a Date and a Message-ID on
// `domain`. Errors: invalid_argument when any header value holds CR or
// LF, or an address is empty or holds characters an address may not.
Result<std::string> render(const Message& message, std::string_view domain);

// `"Name" <addr>` or `=?UTF-8?B?...?= <addr>`: the To/From value.
Result<std::string> format_address(const Address& address);

// A header value as RFC 2047 encoded-words of at most 75 characters each,
// split on UTF-8 character boundaries; ASCII text is returned as is.
std::string encode_header_text(std::string_view text);

}  // namespace cc::mail
