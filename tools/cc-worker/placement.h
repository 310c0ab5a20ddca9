// Picks the node for a new VM from /cluster/resources: online nodes only,
// the most free memory and CPU, counting VMs this worker is still making.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "proxmox/calls.h"

namespace cc::worker {

class Placement {
  public:
    // Memory set aside on a node until the VM runs (and shows up in the
    // node's own figures); released by the destructor.
    class Hold {
      public:
        Hold() = default;
        Hold(Placement* owner, std::string node, int64_t bytes)
            : owner_(owner), node_(std::move(node)), bytes_(bytes) {}
        Hold(Hold&& other) noexcept;
        Hold& operator=(Hold&& other) noexcept;
        ~Hold();

        const std::string& node() const { return node_; }

      private:
        Placement* owner_ = nullptr;
        std::string node_;
        int64_t bytes_ = 0;
    };

    // `allowed` empty = any node. Errors: unprocessable when no online
    // node has `bytes` of memory free (a final failure, not retried).
    Result<Hold> choose(const std::vector<proxmox::Resource>& resources,
                        int64_t bytes, const std::vector<std::string>& allowed);

  private:
    void release(const std::string& node, int64_t bytes);

    std::mutex mutex_;
    std::map<std::string, int64_t> held_;
};

}  // namespace cc::worker
