// Text checks a roster needs: UTF-8 validity, Unicode normalisation of
// e-mail addresses, address syntax and control characters in names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace cc::roster {

// The byte offset of the first byte that is not part of valid UTF-8
// (overlong forms, surrogates and code points past U+10FFFF included), or
// nullopt when the whole text is valid.
std::optional<size_t> find_invalid_utf8(std::string_view text);

// Trimmed, Unicode NFC, lower case: two addresses that differ only by case
// or normalisation form give the same string. Errors: invalid_argument
// when ICU cannot normalise the text.
Result<std::string> normalise_email(std::string_view email);

// Why `email` (already normalised) is not an address we can mail, or
// nullopt when it is one. Checks lengths, one '@', no spaces or control
// characters, a dotted domain.
std::optional<std::string> email_problem(std::string_view email);

// True when the text holds a C0 or C1 control character or DEL.
bool has_control_character(std::string_view text);

// The number of code points in valid UTF-8 text.
size_t count_code_points(std::string_view text);

// Leading and trailing spaces and tabs removed.
std::string_view trim(std::string_view text);

}  // namespace cc::roster
