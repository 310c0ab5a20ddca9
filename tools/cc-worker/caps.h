// Limits on concurrent clones per node and per storage, shared by every
// job of this worker process; a permit is held for the whole clone.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace cc::worker {

class Caps {
  public:
    Caps(int per_node, int per_storage)
        : per_node_(per_node), per_storage_(per_storage) {}

    class Permit {
      public:
        Permit() = default;
        Permit(Caps* caps, std::string node, std::string storage)
            : caps_(caps),
              node_(std::move(node)),
              storage_(std::move(storage)) {}
        Permit(Permit&& other) noexcept;
        Permit& operator=(Permit&& other) noexcept;
        ~Permit();

        bool held() const { return caps_ != nullptr; }

      private:
        Caps* caps_ = nullptr;
        std::string node_;
        std::string storage_;
    };

    // Blocks until both the node and the storage have room, or `stop`
    // becomes true (then the permit is not held).
    Permit acquire(const std::string& node, const std::string& storage,
                   const std::atomic<bool>& stop);

  private:
    void release(const std::string& node, const std::string& storage);

    int per_node_;
    int per_storage_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::map<std::string, int> nodes_;
    std::map<std::string, int> storages_;
};

}  // namespace cc::worker
