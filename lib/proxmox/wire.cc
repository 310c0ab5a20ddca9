// Lenient wire-type readers shared by every typed call.
#include "proxmox/wire.h"

#include <charconv>
#include <cstdlib>

namespace cc::proxmox {
namespace {

std::optional<int64_t> parse_int(std::string_view text) {
    int64_t value = 0;
    const char* end = text.data() + text.size();

    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;

    return value;
}

}  // namespace

std::optional<int64_t> read_int(const json::Json& object, const char* key) {
    json_t* v = json_object_get(object.raw(), key);

    if (json_is_integer(v)) return json_integer_value(v);

    if (json_is_real(v)) return static_cast<int64_t>(json_real_value(v));

    if (json_is_string(v)) return parse_int(json_string_value(v));

    return std::nullopt;
}

std::optional<double> read_real(const json::Json& object, const char* key) {
    json_t* v = json_object_get(object.raw(), key);

    if (json_is_number(v)) return json_number_value(v);

    if (!json_is_string(v)) return std::nullopt;

    char* end = nullptr;
    const char* text = json_string_value(v);
    double value = std::strtod(text, &end);
    if (end == text || *end != '\0') return std::nullopt;

    return value;
}

bool read_bool(const json::Json& object, const char* key) {
    json_t* v = json_object_get(object.raw(), key);

    if (json_is_boolean(v)) return json_is_true(v);

    auto number = read_int(object, key);
    return number && *number != 0;
}

std::string read_text(const json::Json& object, const char* key) {
    json_t* v = json_object_get(object.raw(), key);

    if (json_is_string(v)) {
        return std::string(json_string_value(v), json_string_length(v));
    }

    if (json_is_integer(v)) return std::to_string(json_integer_value(v));

    return {};
}

std::optional<std::string> property_value(std::string_view property,
                                          std::string_view name) {
    size_t start = 0;

    while (start <= property.size()) {
        size_t comma = property.find(',', start);
        if (comma == std::string_view::npos) comma = property.size();

        std::string_view item = property.substr(start, comma - start);
        size_t eq = item.find('=');
        if (eq != std::string_view::npos && item.substr(0, eq) == name) {
            return std::string(item.substr(eq + 1));
        }

        start = comma + 1;
    }
    return std::nullopt;
}

std::string net_model_and_mac(std::string_view net) {
    return std::string(net.substr(0, net.find(',')));
}

std::optional<int64_t> read_memory_mib(const json::Json& config) {
    auto plain = read_int(config, "memory");
    if (plain) return plain;

    std::string text = read_text(config, "memory");
    auto current = property_value(text, "current");
    if (!current) return std::nullopt;

    return parse_int(*current);
}

}  // namespace cc::proxmox
