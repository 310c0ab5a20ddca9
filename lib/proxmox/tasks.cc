// Task polling: the node comes from the UPID, the interval grows from
// first_poll to max_poll, and a fresh UPID that is not visible yet (400)
// is polled again.
#include "proxmox/tasks.h"

#include <algorithm>
#include <thread>

#include "proxmox/errors.h"
#include "proxmox/wire.h"

namespace cc::proxmox {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    size_t start = 0;

    while (true) {
        size_t at = text.find(sep, start);
        if (at == std::string::npos) {
            out.push_back(text.substr(start));
            return out;
        }
        out.push_back(text.substr(start, at - start));
        start = at + 1;
    }
}

std::string task_path(const Upid& upid, const std::string& text) {
    return "/nodes/" + upid.node + "/tasks/" + text;
}

bool is_success(const std::string& exitstatus) {
    return exitstatus == "OK" || exitstatus.rfind("WARNINGS: ", 0) == 0;
}

int warnings_of(const std::string& exitstatus) {
    if (exitstatus.rfind("WARNINGS: ", 0) != 0) return 0;

    int count = 0;
    for (char c : exitstatus.substr(10)) {
        if (c < '0' || c > '9') break;
        count = count * 10 + (c - '0');
    }
    return count;
}

}  // namespace

Result<Upid> parse_upid(const std::string& text) {
    auto parts = split(text, ':');

    if (parts.size() != 9 || parts[0] != "UPID" || parts[1].empty()) {
        return unexpected(ErrorCode::invalid_argument, "not a Proxmox task id",
                          text);
    }
    return Upid{parts[1], parts[5], parts[6], parts[7]};
}

Result<std::string> task_log_tail(Client& client, const std::string& text,
                                  int lines) {
    auto upid = parse_upid(text);
    if (!upid) return unexpected(upid.error());

    auto data = client.get(task_path(*upid, text) + "/log",
                           {{"start", "0"}, {"limit", "0"}});
    if (!data) return unexpected(data.error());

    size_t count = data->size();
    size_t first = count > static_cast<size_t>(lines) ? count - lines : 0;
    std::string out;
    for (size_t i = first; i < count; i++) {
        std::string line = read_text(data->at(i), "t");
        if (line.empty()) continue;
        if (!out.empty()) out += " | ";
        out += line;
    }
    return out;
}

Result<TaskOutcome> wait_task(Client& client, const std::string& text,
                              const WaitOptions& options) {
    auto upid = parse_upid(text);
    if (!upid) return unexpected(upid.error());

    auto deadline = std::chrono::steady_clock::now() + options.deadline;
    auto pause = options.first_poll;
    std::string path = task_path(*upid, text) + "/status";

    while (true) {
        std::this_thread::sleep_for(pause);
        pause = std::min(options.max_poll, pause * 3 / 2);

        auto status = client.get(path);
        bool not_visible_yet =
            !status && status.error().code == ErrorCode::invalid_argument;
        if (!status && !not_visible_yet && !is_retryable(status.error())) {
            return unexpected(status.error());
        }

        if (status && read_text(*status, "status") == "stopped") {
            std::string exitstatus = read_text(*status, "exitstatus");
            if (is_success(exitstatus)) {
                return TaskOutcome{exitstatus, warnings_of(exitstatus)};
            }

            auto tail = task_log_tail(client, text);
            return unexpected(classify_task(
                exitstatus, upid->type + " " + upid->id, tail ? *tail : ""));
        }

        if (std::chrono::steady_clock::now() >= deadline) {
            return unexpected(ErrorCode::unavailable,
                              "the Proxmox task did not finish in time",
                              text + " still running at the deadline");
        }
    }
}

}  // namespace cc::proxmox
