// Redis access: a small pool of hiredis connections with reconnect, and
// the reply type callers read.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace cc::redis {

// A copied reply (the redisReply is freed at once).
struct Reply {
    enum class Type { nil, string, integer, array, status };

    Type type = Type::nil;
    std::string str;  // string and status replies
    int64_t integer = 0;
    std::vector<Reply> elements;

    bool is_nil() const { return type == Type::nil; }
};

class Client {
  public:
    // `address` is a unix socket path (starts with '/') or host:port.
    // Connects lazily and reconnects after a failure.
    static std::unique_ptr<Client> create(std::string address, int pool_size);
    virtual ~Client() = default;

    // Runs one command given as its words (binary-safe). Errors:
    // unavailable when Redis cannot be reached, internal for an error reply.
    virtual Result<Reply> command(
        std::initializer_list<std::string_view> argv) = 0;
    virtual Result<Reply> command(const std::vector<std::string>& argv) = 0;
};

}  // namespace cc::redis
