// UTF-8 validation by hand; normalisation and case folding through ICU's C
// API, which knows every script rather than only Latin.
#include "roster/text.h"

#include <memory>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

namespace cc::roster {
namespace {

constexpr size_t kMaxAddress = 254;
constexpr size_t kMaxLocalPart = 64;

// The length of the UTF-8 sequence a lead byte starts, 0 if it cannot.
size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;
}

// Checks the second byte's narrower ranges that rule out overlong forms,
// surrogates and code points past U+10FFFF.
bool second_byte_ok(unsigned char lead, unsigned char next) {
    if (lead == 0xE0) return next >= 0xA0 && next <= 0xBF;
    if (lead == 0xED) return next >= 0x80 && next <= 0x9F;
    if (lead == 0xF0) return next >= 0x90 && next <= 0xBF;
    if (lead == 0xF4) return next >= 0x80 && next <= 0x8F;
    return next >= 0x80 && next <= 0xBF;
}

Result<std::u16string> to_utf16(std::string_view text) {
    std::u16string out(text.size() + 1, u'\0');
    int32_t length = 0;
    UErrorCode status = U_ZERO_ERROR;

    u_strFromUTF8(out.data(), static_cast<int32_t>(out.size()), &length,
                  text.data(), static_cast<int32_t>(text.size()), &status);
    if (U_FAILURE(status)) {
        return unexpected(ErrorCode::invalid_argument, "text is not UTF-8",
                          u_errorName(status));
    }

    out.resize(static_cast<size_t>(length));
    return out;
}

Result<std::string> to_utf8(const std::u16string& text) {
    std::string out(text.size() * 3 + 1, '\0');
    int32_t length = 0;
    UErrorCode status = U_ZERO_ERROR;

    u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &length,
                text.data(), static_cast<int32_t>(text.size()), &status);
    if (U_FAILURE(status)) {
        return unexpected(ErrorCode::invalid_argument, "text is not UTF-8",
                          u_errorName(status));
    }

    out.resize(static_cast<size_t>(length));
    return out;
}

Result<std::u16string> to_nfc(const std::u16string& text) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) {
        return unexpected(ErrorCode::internal, "cannot normalise text",
                          u_errorName(status));
    }

    // NFC can grow a string by at most a factor of three.
    std::u16string out(text.size() * 3 + 1, u'\0');
    int32_t length =
        unorm2_normalize(nfc, text.data(), static_cast<int32_t>(text.size()),
                         out.data(), static_cast<int32_t>(out.size()), &status);
    if (U_FAILURE(status)) {
        return unexpected(ErrorCode::invalid_argument, "cannot normalise text",
                          u_errorName(status));
    }

    out.resize(static_cast<size_t>(length));
    return out;
}

Result<std::u16string> to_lower(const std::u16string& text) {
    std::u16string out(text.size() * 3 + 1, u'\0');
    UErrorCode status = U_ZERO_ERROR;

    // The root locale: no Turkish dotless-i surprises.
    int32_t length =
        u_strToLower(out.data(), static_cast<int32_t>(out.size()), text.data(),
                     static_cast<int32_t>(text.size()), "", &status);
    if (U_FAILURE(status)) {
        return unexpected(ErrorCode::invalid_argument, "cannot lower-case text",
                          u_errorName(status));
    }

    out.resize(static_cast<size_t>(length));
    return out;
}

bool is_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

}  // namespace

std::optional<size_t> find_invalid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        auto lead = static_cast<unsigned char>(text[i]);
        size_t length = sequence_length(lead);
        if (length == 0 || i + length > text.size()) return i;

        for (size_t k = 1; k < length; k++) {
            auto next = static_cast<unsigned char>(text[i + k]);
            bool ok = k == 1 ? second_byte_ok(lead, next)
                             : (next >= 0x80 && next <= 0xBF);
            if (!ok) return i;
        }
        i += length;
    }
    return std::nullopt;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

Result<std::string> normalise_email(std::string_view email) {
    email = trim(email);

    // Most class lists are plain ASCII: skip ICU for them.
    if (is_ascii(email)) {
        std::string out(email);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        }
        return out;
    }

    auto wide = to_utf16(email);
    if (!wide) return unexpected(wide.error());

    auto composed = to_nfc(*wide);
    if (!composed) return unexpected(composed.error());

    auto lower = to_lower(*composed);
    if (!lower) return unexpected(lower.error());

    // Lower-casing can decompose a few characters; compose again.
    auto again = to_nfc(*lower);
    if (!again) return unexpected(again.error());

    return to_utf8(*again);
}

bool has_control_character(std::string_view text) {
    for (size_t i = 0; i < text.size(); i++) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F) return true;

        // C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8.
        if (c == 0xC2 && i + 1 < text.size()) {
            auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return true;
        }
    }
    return false;
}

size_t count_code_points(std::string_view text) {
    size_t count = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) count++;
    }
    return count;
}

std::optional<std::string> email_problem(std::string_view email) {
    if (email.empty()) return "the e-mail address is empty";

    if (email.size() > kMaxAddress) {
        return "the e-mail address is longer than 254 bytes";
    }

    size_t at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != email.npos) {
        return "the e-mail address must contain exactly one @";
    }

    std::string_view local = email.substr(0, at);
    std::string_view domain = email.substr(at + 1);
    if (local.empty() || local.size() > kMaxLocalPart) {
        return "the part before @ must be 1 to 64 bytes";
    }

    if (has_control_character(email) ||
        email.find_first_of(" ,;:<>()[]\"\\") != email.npos) {
        return "the e-mail address contains spaces or characters not "
               "allowed in an address";
    }

    if (local.front() == '.' || local.back() == '.' ||
        local.find("..") != local.npos) {
        return "the part before @ may not start or end with a dot or hold "
               "two dots in a row";
    }

    size_t dot = domain.find('.');
    if (dot == 0 || dot == domain.npos || domain.back() == '.' ||
        domain.find("..") != domain.npos) {
        return "the e-mail address has no valid domain (like "
               "name@example.edu)";
    }
    return std::nullopt;
}

}  // namespace cc::roster
