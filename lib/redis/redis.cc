// The Redis client: a pool of hiredis connections made lazily, checked
// before reuse, and dropped after any I/O error.
#include "redis/redis.h"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include <hiredis/hiredis.h>
#include <sys/socket.h>
#include <sys/time.h>

namespace cc::redis {
namespace {

constexpr const char* kUnavailable = "the session store is unavailable";

// Connect and command timeouts: Redis answers in well under a millisecond
// when healthy, so two seconds means it is not.
constexpr timeval kTimeout{2, 0};

constexpr std::chrono::seconds kLeaseWait{10};

struct ContextCloser {
    void operator()(redisContext* ctx) const { redisFree(ctx); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextCloser>;

struct ReplyCloser {
    void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyCloser>;

// A connection whose peer closed it while idle reads as end of file.
bool peer_closed(const redisContext* ctx) {
    char byte = 0;
    ssize_t got = recv(ctx->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);

    if (got == 0) return true;
    return got < 0 && errno != EAGAIN && errno != EWOULDBLOCK;
}

Reply copy_reply(const redisReply& raw) {
    Reply reply;

    switch (raw.type) {
        case REDIS_REPLY_STRING:
            reply.type = Reply::Type::string;
            reply.str.assign(raw.str, raw.len);
            break;
        case REDIS_REPLY_STATUS:
            reply.type = Reply::Type::status;
            reply.str.assign(raw.str, raw.len);
            break;
        case REDIS_REPLY_INTEGER:
            reply.type = Reply::Type::integer;
            reply.integer = raw.integer;
            break;
        case REDIS_REPLY_ARRAY:
            reply.type = Reply::Type::array;
            for (size_t i = 0; i < raw.elements; i++) {
                reply.elements.push_back(copy_reply(*raw.element[i]));
            }
            break;
        default:
            reply.type = Reply::Type::nil;
    }

    return reply;
}

class PooledClient final : public Client {
  public:
    PooledClient(std::string address, int size) : address_(std::move(address)) {
        idle_.resize(static_cast<size_t>(size));
    }

    Result<Reply> command(
        std::initializer_list<std::string_view> argv) override {
        return run(std::vector<std::string_view>(argv));
    }

    Result<Reply> command(const std::vector<std::string>& argv) override {
        return run(std::vector<std::string_view>(argv.begin(), argv.end()));
    }

  private:
    Result<ContextPtr> connect() const;
    Result<ContextPtr> lease();
    void give_back(ContextPtr ctx);
    Result<Reply> use(ContextPtr& ctx,
                      const std::vector<std::string_view>& argv);
    Result<Reply> run(const std::vector<std::string_view>& argv);
    Result<Reply> send(ContextPtr& ctx,
                       const std::vector<std::string_view>& argv);

    std::string address_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<ContextPtr> idle_;  // a null slot is a connection not yet made
};

Result<ContextPtr> PooledClient::connect() const {
    redisContext* raw = nullptr;
    if (address_.starts_with("/")) {
        raw = redisConnectUnixWithTimeout(address_.c_str(), kTimeout);
    } else {
        size_t colon = address_.rfind(':');
        std::string host = address_.substr(0, colon);

        int port = 0;
        if (colon != std::string::npos) {
            const char* digits = address_.c_str() + colon + 1;
            std::from_chars(digits, address_.c_str() + address_.size(), port);
        }
        if (port <= 0) {
            return unexpected(ErrorCode::unavailable, kUnavailable,
                              "Redis address " + address_ +
                                  " is neither a socket path nor host:port");
        }
        raw = redisConnectWithTimeout(host.c_str(), port, kTimeout);
    }

    ContextPtr ctx(raw);
    if (!ctx || ctx->err) {
        std::string why = ctx ? ctx->errstr : "out of memory";
        return unexpected(ErrorCode::unavailable, kUnavailable,
                          "connecting to Redis at " + address_ + ": " + why);
    }

    if (redisSetTimeout(ctx.get(), kTimeout) != REDIS_OK) {
        return unexpected(
            ErrorCode::unavailable, kUnavailable,
            "setting the Redis timeout: " + std::string(ctx->errstr));
    }

    return ctx;
}

Result<Reply> PooledClient::send(ContextPtr& ctx,
                                 const std::vector<std::string_view>& argv) {
    std::vector<const char*> words;
    std::vector<size_t> lengths;
    for (auto word : argv) {
        words.push_back(word.data());
        lengths.push_back(word.size());
    }

    ReplyPtr reply(static_cast<redisReply*>(
        redisCommandArgv(ctx.get(), static_cast<int>(words.size()),
                         words.data(), lengths.data())));

    // No reply means the connection is unusable: drop it, make a new one
    // on the next call.
    if (!reply) {
        std::string why = ctx->errstr;
        ctx.reset();
        return unexpected(
            ErrorCode::unavailable, kUnavailable,
            "running Redis " + std::string(argv.at(0)) + ": " + why);
    }

    if (reply->type == REDIS_REPLY_ERROR) {
        return unexpected(ErrorCode::internal, "the session store failed",
                          "Redis " + std::string(argv.at(0)) + " answered " +
                              std::string(reply->str, reply->len));
    }

    return copy_reply(*reply);
}

Result<ContextPtr> PooledClient::lease() {
    std::unique_lock lock(mutex_);

    bool free = available_.wait_for(lock, kLeaseWait,
                                    [this] { return !idle_.empty(); });
    if (!free) {
        return unexpected(ErrorCode::unavailable, kUnavailable,
                          "no free Redis connection after 10 s");
    }

    ContextPtr ctx = std::move(idle_.back());
    idle_.pop_back();
    return ctx;
}

void PooledClient::give_back(ContextPtr ctx) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(ctx));
    }

    available_.notify_one();
}

Result<Reply> PooledClient::use(ContextPtr& ctx,
                                const std::vector<std::string_view>& argv) {
    if (ctx && (ctx->err || peer_closed(ctx.get()))) ctx.reset();

    if (!ctx) {
        auto made = connect();
        if (!made) return unexpected(made.error());
        ctx = std::move(made.value());
    }

    return send(ctx, argv);
}

Result<Reply> PooledClient::run(const std::vector<std::string_view>& argv) {
    if (argv.empty()) {
        return unexpected(ErrorCode::internal, "the session store failed",
                          "empty Redis command");
    }

    auto leased = lease();
    if (!leased) return unexpected(leased.error());

    ContextPtr ctx = std::move(leased.value());
    Result<Reply> reply = use(ctx, argv);

    give_back(std::move(ctx));
    return reply;
}

}  // namespace

std::unique_ptr<Client> Client::create(std::string address, int pool_size) {
    return std::make_unique<PooledClient>(std::move(address),
                                          pool_size < 1 ? 1 : pool_size);
}

}  // namespace cc::redis
