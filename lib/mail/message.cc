// Message rendering: header safety first, then encoding, then assembly.
#include "mail/message.h"

#include <ctime>

#include "auth/password.h"

namespace cc::mail {
namespace {

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 45 input bytes make 60 base64 characters; with =?UTF-8?B? and ?= the
// word stays within RFC 2047's 75.
constexpr size_t kWordBytes = 45;

std::string base64(std::string_view data) {
    std::string out;
    size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                     (static_cast<unsigned char>(data[i + 1]) << 8) |
                     static_cast<unsigned char>(data[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += kBase64[(n >> shift) & 63];
    }

    size_t rest = data.size() - i;
    if (rest == 0) return out;

    uint32_t n = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += rest == 2 ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
    return out;
}

bool is_ascii_printable(std::string_view text) {
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F) return false;
    }
    return true;
}

Result<void> check_header(std::string_view name, std::string_view value) {
    if (value.find_first_of("\r\n") == std::string_view::npos) return {};

    return unexpected(ErrorCode::invalid_argument,
                      std::string(name) + " may not contain a line break");
}

Result<void> check_address(std::string_view email) {
    bool bad = email.empty() || email.find('@') == email.npos ||
               email.find_first_of(" <>\",;\\\r\n\t") != email.npos;
    if (!bad) return {};

    return unexpected(ErrorCode::invalid_argument,
                      "not a mail address: " + std::string(email));
}

std::string quoted(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string rfc5322_date() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);

    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return text;
}

// The body with CRLF ends; a line that is a lone "." is SMTP's end, but
// libcurl escapes it, so only the line ends need fixing here.
std::string crlf_body(std::string_view body) {
    std::string out;
    for (char c : body) {
        if (c == '\r') continue;
        if (c == '\n') out += '\r';
        out += c;
    }
    if (!out.ends_with("\r\n")) out += "\r\n";
    return out;
}

}  // namespace

std::string encode_header_text(std::string_view text) {
    if (is_ascii_printable(text)) return std::string(text);

    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        size_t end = std::min(text.size(), i + kWordBytes);

        // Never cut a UTF-8 sequence: back up to a lead byte.
        while (end < text.size() && end > i &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            end--;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

Result<std::string> format_address(const Address& address) {
    auto name_ok = check_header("a display name", address.name);
    if (!name_ok) return unexpected(name_ok.error());

    auto email_ok = check_address(address.email);
    if (!email_ok) return unexpected(email_ok.error());

    if (address.name.empty()) return "<" + address.email + ">";

    std::string name = is_ascii_printable(address.name)
                           ? quoted(address.name)
                           : encode_header_text(address.name);
    return name + " <" + address.email + ">";
}

Result<std::string> render(const Message& m, std::string_view domain) {
    auto subject_ok = check_header("the subject", m.subject);
    if (!subject_ok) return unexpected(subject_ok.error());

    auto from = format_address(m.from);
    if (!from) return unexpected(from.error());

    auto to = format_address(m.to);
    if (!to) return unexpected(to.error());

    std::string id = auth::random_token(18) + "@" + std::string(domain);
    std::string out;
    out += "From: " + *from + "\r\n";
    out += "To: " + *to + "\r\n";
    out += "Subject: " + encode_header_text(m.subject) + "\r\n";
    out += "Date: " + rfc5322_date() + "\r\n";
    out += "Message-ID: <" + id + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: 8bit\r\n";
    out += "Auto-Submitted: auto-generated\r\n\r\n";
    out += crlf_body(m.body);
    return out;
}

}  // namespace cc::mail
