// Counting permits keyed by node and by storage.
#include "caps.h"

#include <chrono>
#include <utility>

namespace cc::worker {

Caps::Permit::Permit(Permit&& other) noexcept
    : caps_(std::exchange(other.caps_, nullptr)),
      node_(std::move(other.node_)),
      storage_(std::move(other.storage_)) {}

Caps::Permit& Caps::Permit::operator=(Permit&& other) noexcept {
    if (this != &other) {
        if (caps_) caps_->release(node_, storage_);
        caps_ = std::exchange(other.caps_, nullptr);
        node_ = std::move(other.node_);
        storage_ = std::move(other.storage_);
    }
    return *this;
}

Caps::Permit::~Permit() {
    if (caps_) caps_->release(node_, storage_);
}

Caps::Permit Caps::acquire(const std::string& node, const std::string& storage,
                           const std::atomic<bool>& stop) {
    std::unique_lock lock(mutex_);

    while (nodes_[node] >= per_node_ || storages_[storage] >= per_storage_) {
        if (stop) return Permit();
        freed_.wait_for(lock, std::chrono::milliseconds(200));
    }

    nodes_[node]++;
    storages_[storage]++;
    return Permit(this, node, storage);
}

void Caps::release(const std::string& node, const std::string& storage) {
    {
        std::lock_guard lock(mutex_);
        nodes_[node]--;
        storages_[storage]--;
    }
    freed_.notify_all();
}

}  // namespace cc::worker
