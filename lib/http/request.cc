// Header, query, cookie and body access on a parsed Request.
#include "http/request.h"

#include <charconv>
#include <vector>

namespace cc::http {
namespace {

std::string header_param_name(std::string_view name) {
    std::string out = "HTTP_";
    for (char c : name) {
        if (c == '-') {
            out += '_';
        } else if (c >= 'a' && c <= 'z') {
            out += static_cast<char>(c - 32);
        } else {
            out += c;
        }
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(sep, start);
        if (end == std::string_view::npos) end = s.size();
        parts.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

}  // namespace

std::string url_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() &&
                   hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 +
                                     hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> Request::header(std::string_view name) const {
    auto it = params.find(header_param_name(name));
    if (it == params.end()) return std::nullopt;

    return it->second;
}

std::string Request::param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

std::optional<std::string> Request::query(std::string_view name) const {
    for (std::string_view pair : split(query_string, '&')) {
        size_t eq = pair.find('=');
        std::string key = url_decode(pair.substr(0, eq), true);
        if (key != name) continue;

        if (eq == std::string_view::npos) return std::string();
        return url_decode(pair.substr(eq + 1), true);
    }
    return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
    auto header_value = header("Cookie");
    if (!header_value) return std::nullopt;

    for (std::string_view part : split(*header_value, ';')) {
        part = trim(part);
        size_t eq = part.find('=');
        if (eq == std::string_view::npos) continue;
        if (part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    }
    return std::nullopt;
}

Result<json::Json> Request::json_body() const {
    if (content_type != "application/json") {
        return unexpected(
            ErrorCode::unsupported_media,
            "request body must be application/json, got " +
                (content_type.empty() ? std::string("none") : content_type));
    }

    auto parsed = json::parse(body);
    if (!parsed) return parsed;

    if (!parsed->is_object()) {
        return unexpected(ErrorCode::invalid_argument,
                          "request body must be a JSON object");
    }
    return parsed;
}

Result<int64_t> Request::id_param(const std::string& name) const {
    auto it = path_params.find(name);
    std::string text = it == path_params.end() ? "" : it->second;

    int64_t id = 0;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
        id <= 0) {
        return unexpected(ErrorCode::not_found, "no such " + name);
    }
    return id;
}

std::string client_ip(const Request& req, std::string_view trusted_proxies) {
    bool trusted = false;
    for (std::string_view proxy : split(trusted_proxies, ',')) {
        if (!trim(proxy).empty() && trim(proxy) == req.remote_addr) {
            trusted = true;
        }
    }

    auto forwarded = req.header("X-Forwarded-For");
    if (!trusted || !forwarded || forwarded->empty()) return req.remote_addr;

    // The last hop was added by our trusted proxy; earlier ones are claims.
    auto hops = split(*forwarded, ',');
    std::string_view last = trim(hops.back());
    return last.empty() ? req.remote_addr : std::string(last);
}

Result<std::string> require_string(const json::Json& body, const char* field) {
    json::Json value = body.get(field);
    if (!value.valid()) {
        return unexpected(ErrorCode::invalid_argument,
                          std::string("field `") + field + "` is missing");
    }

    if (!value.is_string()) {
        return unexpected(
            ErrorCode::invalid_argument,
            std::string("field `") + field + "` must be a string");
    }
    return value.as_string();
}

}  // namespace cc::http
