// Config: one `key = value` file (see docs/configuration.md) with
// environment overrides, so secrets need not live in the file.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/result.h"

namespace cc::config {

class Config {
  public:
    // Reads `path`; every key may be overridden by the environment variable
    // CC_<KEY> with dots as underscores (db.conninfo -> CC_DB_CONNINFO).
    // A key ending in `_file` names a file whose first line is the value
    // of the key without the suffix (session.secret_file -> session.secret).
    static Result<Config> load(const std::string& path);

    // Builds a config from pairs; used by tests and tools.
    static Config from_map(std::map<std::string, std::string> values);

    std::string get(const std::string& key,
                    const std::string& fallback = {}) const;
    Result<std::string> require(const std::string& key) const;
    Result<int64_t> get_int(const std::string& key, int64_t fallback) const;
    bool get_bool(const std::string& key, bool fallback) const;

    void set(const std::string& key, std::string value) {
        values_[key] = value;
    }

  private:
    std::map<std::string, std::string> values_;
};

// The path of the config file: $CC_CONFIG, else
// /etc/classcloud/classcloud.conf.
std::string default_path();

}  // namespace cc::config
