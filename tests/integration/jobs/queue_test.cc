// The job queue against PostgreSQL: idempotency keys, SKIP LOCKED claims,
// leases and their takeover, retries with backoff, NOTIFY on enqueue.
#include "jobs/queue.h"

#include <chrono>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "jobs/listener.h"
#include "migrated_schema.h"

namespace cc::jobs {
namespace {

class JobQueue : public cc::testing::MigratedSchemaTest {
  protected:
    NewJob job(const std::string& key = {}) {
        NewJob j;
        j.kind = "provision";
        j.payload.set("vm", 1);
        j.idempotency_key = key;
        j.max_attempts = 3;
        return j;
    }

    Backoff backoff_{10, 1000, 42};
};

TEST_F(JobQueue, RepeatedIdempotencyKeyReturnsTheFirstJob) {
    Queue queue(*pool_, backoff_);

    auto first = queue.enqueue(job("k1"));
    ASSERT_TRUE(first) << first.error().detail;
    auto second = queue.enqueue(job("k1"));
    ASSERT_TRUE(second) << second.error().detail;

    EXPECT_EQ(first->id, second->id);
    auto count = pool_->exec("SELECT count(*) AS n FROM jobs");
    EXPECT_EQ(count->integer(0, "n"), 1);
}

TEST_F(JobQueue, ConcurrentClaimsTakeEachJobOnce) {
    Queue queue(*pool_, backoff_);
    for (int i = 0; i < 20; i++) ASSERT_TRUE(queue.enqueue(job()));

    std::mutex mutex;
    std::multiset<int64_t> seen;
    auto worker = [&](std::string owner) {
        while (true) {
            auto claimed = queue.claim(owner, 30);
            ASSERT_TRUE(claimed);
            if (!claimed->has_value()) return;
            std::lock_guard lock(mutex);
            seen.insert((*claimed)->id);
        }
    };
    std::thread a(worker, "a"), b(worker, "b");
    a.join();
    b.join();

    EXPECT_EQ(seen.size(), 20u);
    EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 20u);
}

TEST_F(JobQueue, ExpiredLeaseIsTakenOverAndTheOldOwnerIsLockedOut) {
    Queue queue(*pool_, backoff_);
    ASSERT_TRUE(queue.enqueue(job()));

    auto first = queue.claim("dead-worker", 1);
    ASSERT_TRUE(first && first->has_value());
    auto none = queue.claim("new-worker", 1);
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());

    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    auto taken = queue.claim("new-worker", 30);
    ASSERT_TRUE(taken && taken->has_value());
    EXPECT_EQ((*taken)->attempts, 2);

    auto beat = queue.heartbeat((*first)->id, "dead-worker", 30);
    ASSERT_TRUE(beat);
    EXPECT_FALSE(*beat);
    ASSERT_TRUE(queue.succeed(**first, "dead-worker", json::Json::object()));
    auto state = queue.find((*first)->id);
    EXPECT_EQ((*state)->state, "running");
}

TEST_F(JobQueue, RetryableFailureBacksOffThenFailsWithTheReason) {
    Queue queue(*pool_, backoff_);
    auto made = queue.enqueue(job());
    ASSERT_TRUE(made);

    for (int attempt = 1; attempt <= 3; attempt++) {
        std::optional<Job> claimed;
        for (int i = 0; i < 100 && !claimed; i++) {
            auto got = queue.claim("w", 30);
            ASSERT_TRUE(got);
            claimed = *got;
            if (!claimed) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        ASSERT_TRUE(claimed.has_value()) << "attempt " << attempt;

        auto state = queue.fail(*claimed, "w", "Proxmox is busy", true);
        ASSERT_TRUE(state);
        EXPECT_EQ(*state, attempt < 3 ? "queued" : "failed");
    }

    auto final_job = queue.find(made->id);
    EXPECT_EQ((*final_job)->state, "failed");
    EXPECT_EQ((*final_job)->last_error,
              "Proxmox is busy (gave up after 3 attempts)");
}

TEST_F(JobQueue, FinalFailureFailsAtOnce) {
    Queue queue(*pool_, backoff_);
    ASSERT_TRUE(queue.enqueue(job()));

    auto claimed = queue.claim("w", 30);
    ASSERT_TRUE(claimed && claimed->has_value());
    auto state = queue.fail(**claimed, "w", "The template is missing", false);
    ASSERT_TRUE(state);
    EXPECT_EQ(*state, "failed");
}

TEST_F(JobQueue, ReleasedJobKeepsItsAttempt) {
    Queue queue(*pool_, backoff_);
    ASSERT_TRUE(queue.enqueue(job()));

    auto claimed = queue.claim("w", 30);
    ASSERT_TRUE(claimed && claimed->has_value());
    ASSERT_TRUE(queue.release(**claimed, "w"));

    auto again = queue.claim("w", 30);
    ASSERT_TRUE(again && again->has_value());
    EXPECT_EQ((*again)->attempts, 1);
}

TEST_F(JobQueue, EnqueueWakesAListener) {
    Queue queue(*pool_, backoff_);
    Listener listener(conninfo());
    listener.wait(std::chrono::milliseconds(10));

    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        ASSERT_TRUE(queue.enqueue(job()));
    });
    auto started = std::chrono::steady_clock::now();
    bool woke = listener.wait(std::chrono::seconds(5));
    auto waited = std::chrono::steady_clock::now() - started;
    writer.join();

    EXPECT_TRUE(woke);
    EXPECT_LT(waited, std::chrono::seconds(2));
}

TEST(JobBackoff, GrowsExponentiallyWithJitterUnderTheCap) {
    Backoff backoff(100, 1000, 7);

    for (int attempt = 1; attempt <= 8; attempt++) {
        int64_t full = std::min<int64_t>(1000, 100LL << (attempt - 1));
        int64_t delay = backoff.delay_ms(attempt);
        EXPECT_GE(delay, full / 2);
        EXPECT_LE(delay, full);
    }
}

}  // namespace
}  // namespace cc::jobs
