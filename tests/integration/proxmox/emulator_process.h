// Starts the Proxmox VE emulator on a free loopback port for one test
// program, reads its credentials, flips its fault switches, and stops it.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proxmox/client.h"

extern char** environ;

namespace cc::testing {

class EmulatorProcess {
  public:
    // `state` is wiped first; `extra` is added to the command line.
    EmulatorProcess(const std::string& state, double time_factor,
                    std::vector<std::string> extra = {})
        : state_(state) {
        std::string wipe = state + "/cluster.json";
        std::remove(wipe.c_str());

        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe failed");

        std::string script =
            std::string(CC_SOURCE_DIR) + "/tools/pve-emulator/pve_emulator.py";
        std::vector<std::string> args = {
            "/usr/bin/python3", script,
            "--state",          state,
            "--port",           "0",
            "--time-factor",    std::to_string(time_factor)};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        std::string log = state + ".log";
        posix_spawn_file_actions_addopen(&actions, 2, log.c_str(),
                                         O_WRONLY | O_CREAT | O_APPEND, 0644);
        int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr,
                                  argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        if (spawned != 0) throw std::runtime_error("cannot start emulator");

        wait_ready(fds[0]);
        close(fds[0]);
        read_credentials();
    }

    ~EmulatorProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status = 0;
            waitpid(pid_, &status, 0);
        }
    }

    EmulatorProcess(const EmulatorProcess&) = delete;
    EmulatorProcess& operator=(const EmulatorProcess&) = delete;

    const std::string& url() const { return creds_.at("url"); }
    std::string credential(const std::string& key) const {
        auto it = creds_.find(key);
        return it == creds_.end() ? "" : it->second;
    }
    std::string cert_path() const { return state_ + "/pve-ssl.pem"; }

    // Options for a token client pinned to the emulator's certificate.
    proxmox::ClientOptions token_options() const {
        proxmox::ClientOptions o;
        o.base_url = url();
        o.token_id = credential("token_id");
        o.token_secret = credential("token_secret");
        o.fingerprint = credential("fingerprint");
        return o;
    }

    proxmox::ClientOptions ticket_options() const {
        proxmox::ClientOptions o;
        o.base_url = url();
        o.username = credential("user");
        o.password = credential("password");
        o.fingerprint = credential("fingerprint");
        return o;
    }

    // POSTs a fault document (JSON text); "" clears every switch.
    long set_faults(const std::string& doc) {
        CURL* h = curl_easy_init();
        std::string auth =
            "Authorization: PVEAPIToken=" + credential("token_id") + "=" +
            credential("token_secret");
        curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
        headers = curl_slist_append(headers, "Content-Type: application/json");
        std::string address = url() + "/_emulator/faults";
        curl_easy_setopt(h, CURLOPT_URL, address.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(h, CURLOPT_CAINFO, cert_path().c_str());
        if (doc.empty()) {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
        } else {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, doc.c_str());
        }
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(h);
        return status;
    }

  private:
    static size_t discard(char*, size_t size, size_t count, void*) {
        return size * count;
    }

    void wait_ready(int fd) {
        std::string seen;
        auto until =
            std::chrono::steady_clock::now() + std::chrono::seconds(30);

        while (std::chrono::steady_clock::now() < until) {
            pollfd p{fd, POLLIN, 0};
            if (poll(&p, 1, 200) <= 0) continue;

            char buf[256];
            ssize_t n = read(fd, buf, sizeof buf);
            if (n <= 0) break;
            seen.append(buf, static_cast<size_t>(n));
            if (seen.find("ready https://") != std::string::npos &&
                seen.find('\n') != std::string::npos) {
                return;
            }
        }
        throw std::runtime_error("emulator did not start: " + seen);
    }

    void read_credentials() {
        std::ifstream in(state_ + "/credentials");
        std::string line;

        while (std::getline(in, line)) {
            auto eq = line.find('=');
            if (eq != std::string::npos) {
                creds_[line.substr(0, eq)] = line.substr(eq + 1);
            }
        }
    }

    std::string state_;
    pid_t pid_ = 0;
    std::map<std::string, std::string> creds_;
};

}  // namespace cc::testing
