// Where the db_servers fixture put PostgreSQL and Redis, and a way for a
// test to stop and start them through the same scripts the stack uses.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cc::testing {

// The fixture's folder, from the test's ENVIRONMENT property.
inline std::string test_dir() {
    const char* dir = std::getenv("CC_TEST_DIR");
    return dir ? dir : "";
}

inline std::string read_first_line(const std::string& path) {
    std::ifstream in(path);

    std::string line;
    std::getline(in, line);
    return line;
}

// Written by tests/support/db_servers.sh start.
inline std::string pg_conninfo() {
    return read_first_line(test_dir() + "/conninfo");
}

inline std::string redis_address() {
    return read_first_line(test_dir() + "/redis.address");
}

// Runs `db_servers.sh <action> <dir>`; returns its exit status.
inline int servers_script(const std::string& action) {
    std::string script =
        std::string(CC_SOURCE_DIR) + "/tests/support/db_servers.sh";
    std::string dir = test_dir();
    std::vector<char*> argv = {const_cast<char*>("bash"), script.data(),
                               const_cast<char*>(action.c_str()), dir.data(),
                               nullptr};

    pid_t pid = 0;
    if (posix_spawnp(&pid, "bash", nullptr, nullptr, argv.data(), environ)) {
        return -1;
    }

    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A name unique to this process, for schemas, keys and folders.
inline std::string unique_name(const std::string& prefix) {
    static int next = 0;

    return prefix + "_" + std::to_string(getpid()) + "_" +
           std::to_string(++next);
}

}  // namespace cc::testing
