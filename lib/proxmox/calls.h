// Typed calls for the part of the Proxmox VE API that ClassCloud uses.
// Each returns the parsed answer or the classified Error of errors.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "json/json.h"
#include "proxmox/client.h"

namespace cc::proxmox {

// One entry of GET /cluster/resources.
struct Resource {
    std::string id;    // "qemu/100", "node/pve1", "storage/pve1/local-lvm"
    std::string type;  // qemu, node, storage, ...
    std::string node;
    std::string status;  // running/stopped, online/offline, available...
    std::string name;
    std::string tags;  // ";"-separated
    std::string lock;
    std::string storage;
    int64_t vmid = 0;
    bool is_template = false;
    bool shared = false;  // storage entries
    double cpu = 0;       // fraction of maxcpu
    int64_t maxcpu = 0;
    int64_t mem = 0;
    int64_t maxmem = 0;
    int64_t disk = 0;
    int64_t maxdisk = 0;
    int64_t uptime = 0;
    int64_t netin = 0;
    int64_t netout = 0;
};

struct VmStatus {
    std::string status;  // running, stopped
    std::string qmpstatus;
    std::string name;
    std::string lock;  // "" when unlocked
    std::string tags;
    int64_t uptime = 0;
    int64_t maxmem = 0;
};

struct Snapshot {
    std::string name;
    std::string description;
    std::string parent;
    int64_t snaptime = 0;
};

struct VncTicket {
    std::string user;
    std::string ticket;
    std::string password;  // 9.1 sends one; use it when present
    std::string upid;
    int64_t port = 0;
};

struct CloneSpec {
    std::string node;  // where the source template lives
    int64_t template_vmid = 0;
    int64_t newid = 0;
    std::string name;
    std::string description;
    std::string target;  // node for the new VM ("" = same node)
    std::string pool;
    bool full = false;
};

// "" for type means every resource.
Result<std::vector<Resource>> cluster_resources(Client& client,
                                                const std::string& type = {});

// The lowest free vmid, or `wanted` when it is free (nullopt: taken).
Result<std::optional<int64_t>> next_id(Client& client, int64_t wanted = 0);

// Node names with their status ("online", "offline", "unknown").
Result<std::vector<Resource>> list_nodes(Client& client);

// Each returns the task's UPID.
Result<std::string> clone_vm(Client& client, const CloneSpec& spec);
Result<std::string> set_config(Client& client, const std::string& node,
                               int64_t vmid, const Params& settings);
Result<std::string> power_action(Client& client, const std::string& node,
                                 int64_t vmid, const std::string& action);
Result<std::string> delete_vm(Client& client, const std::string& node,
                              int64_t vmid);
Result<std::string> create_snapshot(Client& client, const std::string& node,
                                    int64_t vmid, const std::string& name,
                                    const std::string& description);
Result<std::string> rollback_snapshot(Client& client, const std::string& node,
                                      int64_t vmid, const std::string& name);
Result<std::string> delete_snapshot(Client& client, const std::string& node,
                                    int64_t vmid, const std::string& name);

Result<json::Json> get_config(Client& client, const std::string& node,
                              int64_t vmid);
Result<VmStatus> vm_status(Client& client, const std::string& node,
                           int64_t vmid);
Result<std::vector<Snapshot>> list_snapshots(Client& client,
                                             const std::string& node,
                                             int64_t vmid);
Result<VncTicket> vnc_proxy(Client& client, const std::string& node,
                            int64_t vmid);

// "/nodes/pve1/qemu/100" and friends.
std::string vm_path(const std::string& node, int64_t vmid);

}  // namespace cc::proxmox
