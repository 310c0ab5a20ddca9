// Node scoring: free memory after holds (weight 0.7) plus idle CPU
// (weight 0.3), both as fractions of the node.
#include "placement.h"

#include <algorithm>
#include <utility>

namespace cc::worker {

Placement::Hold::Hold(Hold&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      node_(std::move(other.node_)),
      bytes_(other.bytes_) {}

Placement::Hold& Placement::Hold::operator=(Hold&& other) noexcept {
    if (this != &other) {
        if (owner_) owner_->release(node_, bytes_);
        owner_ = std::exchange(other.owner_, nullptr);
        node_ = std::move(other.node_);
        bytes_ = other.bytes_;
    }
    return *this;
}

Placement::Hold::~Hold() {
    if (owner_) owner_->release(node_, bytes_);
}

Result<Placement::Hold> Placement::choose(
    const std::vector<proxmox::Resource>& resources, int64_t bytes,
    const std::vector<std::string>& allowed) {
    std::lock_guard lock(mutex_);

    const proxmox::Resource* best = nullptr;
    double best_score = -1;
    int online = 0;
    for (const auto& r : resources) {
        if (r.type != "node" || r.status != "online" || r.maxmem <= 0) continue;

        bool permitted =
            allowed.empty() ||
            std::find(allowed.begin(), allowed.end(), r.node) != allowed.end();
        if (!permitted) continue;
        online++;

        int64_t free = r.maxmem - r.mem - held_[r.node];
        if (free < bytes) continue;

        double score =
            0.7 * static_cast<double>(free) / static_cast<double>(r.maxmem) +
            0.3 * (1.0 - std::clamp(r.cpu, 0.0, 1.0));
        if (score > best_score) {
            best_score = score;
            best = &r;
        }
    }

    if (!best) {
        std::string why = online == 0 ? "no Proxmox node is online"
                                      : "no Proxmox node has room for the VM";
        return unexpected(
            online == 0 ? ErrorCode::unavailable : ErrorCode::unprocessable,
            why, std::to_string(bytes) + " bytes wanted");
    }

    held_[best->node] += bytes;
    return Hold(this, best->node, bytes);
}

void Placement::release(const std::string& node, int64_t bytes) {
    std::lock_guard lock(mutex_);
    held_[node] -= bytes;
}

}  // namespace cc::worker
