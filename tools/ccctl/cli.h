// What every ccctl command shares: option parsing, the config, the
// database pool, passwords from standard input and exit codes.
#pragma once

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "db/db.h"

namespace cc::ccctl {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// `--name value` options and bare `--flag`s given after the command word.
class Options {
  public:
    // Errors: invalid_argument for an unknown option, a missing value or a
    // stray word.
    static Result<Options> parse(const std::vector<std::string>& args,
                                 std::initializer_list<std::string_view> valued,
                                 std::initializer_list<std::string_view> flags);

    std::string get(const std::string& name) const;  // "" when absent
    bool has(const std::string& name) const;

  private:
    std::map<std::string, std::string> values_;
};

using Command = int (*)(const config::Config& config,
                        const std::vector<std::string>& args);

int run_migrate(const config::Config& config,
                const std::vector<std::string>& args);
int run_create_user(const config::Config& config,
                    const std::vector<std::string>& args);
int run_set_password(const config::Config& config,
                     const std::vector<std::string>& args);
int run_seed_demo(const config::Config& config,
                  const std::vector<std::string>& args);
int run_cluster(const config::Config& config,
                const std::vector<std::string>& args);
int run_template(const config::Config& config,
                 const std::vector<std::string>& args);
int run_provision(const config::Config& config,
                  const std::vector<std::string>& args);

// The config file when it exists, else the environment alone.
Result<config::Config> load_config();

// A small pool on db.conninfo; errors: invalid_argument when it is unset.
Result<std::unique_ptr<db::Pool>> open_pool(const config::Config& config);

// One line from standard input without its line end; when stdin is a
// terminal it prompts on stderr and turns echo off.
Result<std::string> read_password();

// Trimmed and lower-cased; errors: invalid_argument when it is not an
// address.
Result<std::string> normalise_email(std::string_view email);

bool valid_role(std::string_view role);

// Prints "ccctl: <message> (<detail>)" on stderr and returns `exit_code`.
int fail(const Error& error, int exit_code = kExitFailed);

// Prints a usage error and returns kExitUsage.
int usage(const std::string& message);

}  // namespace cc::ccctl
