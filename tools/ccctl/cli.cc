// Option parsing, config and pool set-up, password input and error
// printing shared by the ccctl commands.
#include "cli.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <termios.h>
#include <unistd.h>

#include "roster/text.h"

namespace cc::ccctl {
namespace {

bool contains(std::initializer_list<std::string_view> names,
              std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Restores the terminal's echo when it goes out of scope.
class EchoOff {
  public:
    EchoOff() {
        if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) {
            return;
        }

        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }

    ~EchoOff() {
        if (!active_) return;

        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
        std::cerr << "\n";
    }

  private:
    termios saved_{};
    bool active_ = false;
};

}  // namespace

Result<Options> Options::parse(const std::vector<std::string>& args,
                               std::initializer_list<std::string_view> valued,
                               std::initializer_list<std::string_view> flags) {
    Options options;

    for (size_t i = 0; i < args.size(); i++) {
        const std::string& word = args[i];
        if (!word.starts_with("--")) {
            return unexpected(ErrorCode::invalid_argument,
                              "unexpected argument " + word);
        }

        std::string name = word.substr(2);
        if (contains(flags, name)) {
            options.values_[name] = "1";
            continue;
        }

        if (!contains(valued, name)) {
            return unexpected(ErrorCode::invalid_argument,
                              "unknown option " + word);
        }

        if (i + 1 == args.size()) {
            return unexpected(ErrorCode::invalid_argument,
                              "option " + word + " needs a value");
        }
        options.values_[name] = args[++i];
    }

    return options;
}

std::string Options::get(const std::string& name) const {
    auto found = values_.find(name);
    return found == values_.end() ? std::string() : found->second;
}

bool Options::has(const std::string& name) const {
    return values_.count(name) > 0;
}

Result<config::Config> load_config() {
    std::string path = config::default_path();

    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) {
        return config::Config::from_map({});
    }

    return config::Config::load(path);
}

Result<std::unique_ptr<db::Pool>> open_pool(const config::Config& config) {
    auto conninfo = config.require("db.conninfo");
    if (!conninfo) return unexpected(conninfo.error());

    return db::Pool::create(conninfo.value(), 1);
}

Result<std::string> read_password() {
    if (isatty(STDIN_FILENO)) std::cerr << "Password: " << std::flush;

    std::string line;
    {
        EchoOff quiet;
        std::getline(std::cin, line);
    }

    if (!line.empty() && line.back() == '\r') line.pop_back();

    if (line.empty()) {
        return unexpected(ErrorCode::invalid_argument,
                          "no password on standard input");
    }
    return line;
}

Result<std::string> normalise_email(std::string_view email) {
    // The form rosters and logins use: trimmed, Unicode NFC, lower case.
    auto normal = roster::normalise_email(email);
    if (!normal) return normal;
    std::string text = *normal;

    size_t at = text.find('@');
    bool shaped = at != std::string::npos && at > 0 && at + 1 < text.size() &&
                  text.find('@', at + 1) == std::string::npos;
    bool clean = std::none_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ';
    });

    if (!shaped || !clean || text.size() > 254) {
        return unexpected(ErrorCode::invalid_argument,
                          "not an e-mail address: " + std::string(email));
    }
    return text;
}

bool valid_role(std::string_view role) {
    return role == "student" || role == "faculty" || role == "admin";
}

int fail(const Error& error, int exit_code) {
    std::cerr << "ccctl: " << error.message;

    if (!error.detail.empty()) std::cerr << " (" << error.detail << ")";

    std::cerr << "\n";
    return exit_code;
}

int usage(const std::string& message) {
    std::cerr << "ccctl: " << message << "\n"
              << "run `ccctl help` for the commands and their options\n";
    return kExitUsage;
}

}  // namespace cc::ccctl
