// Lenient readers for Proxmox's wire types: numbers that arrive as strings,
// booleans as 0/1, and property strings such as net0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "json/json.h"

namespace cc::proxmox {

// An integer from a JSON integer, a real or a decimal string; nullopt
// for anything else (or a missing key).
std::optional<int64_t> read_int(const json::Json& object, const char* key);

// A real from a number or a numeric string.
std::optional<double> read_real(const json::Json& object, const char* key);

// True for 1, "1", true; false for 0, "0", false, missing.
bool read_bool(const json::Json& object, const char* key);

// A string, or a number printed as one; "" when missing.
std::string read_text(const json::Json& object, const char* key);

// The value of `name` in a property string ("virtio=AA:..,bridge=vmbr0");
// a leading bare value answers to `default_key`.
std::optional<std::string> property_value(std::string_view property,
                                          std::string_view name);

// The first entry of a net property string: "virtio=BC:24:11:..".
std::string net_model_and_mac(std::string_view net);

// MiB from a config `memory` value ("2048", 2048, "current=2048").
std::optional<int64_t> read_memory_mib(const json::Json& config);

}  // namespace cc::proxmox
