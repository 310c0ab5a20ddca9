// LabFixture: a gtest fixture for tests that act as demo users on the
// test stack: log in, send writes with CSRF and Origin, and get a running
// VM of the stack's own LAB101 template.
#pragma once

#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "http_client.h"
#include "json/json.h"

namespace cc::testing {

struct Session {
    std::string cookie;
    std::string csrf;
};

class LabFixture : public ::testing::Test {
  protected:
    StackClient client;

    Session log_in(const std::string& role, int nth = 0) {
        auto [email, password] = client.demo_login_nth(role, nth);
        HttpAnswer login = client.login(email, password);
        EXPECT_EQ(login.status, 200) << login.body;

        Session s{cookie_pair(login.header("set-cookie")), ""};
        HttpAnswer me =
            client.send({"GET", "/api/me", "", {"Cookie: " + s.cookie}});
        s.csrf = me.body.substr(me.body.find("\"csrf_token\":\"") + 14, 43);
        return s;
    }

    HttpAnswer post(const Session& s, const std::string& path,
                    const std::string& body = "{}") {
        return client.send(
            {"POST",
             path,
             body,
             {"Cookie: " + s.cookie, "X-CSRF-Token: " + s.csrf,
              "Origin: " + client.origin(), "Content-Type: application/json"}});
    }

    static std::string field(const std::string& body, const std::string& name) {
        size_t at = body.find("\"" + name + "\":");
        if (at == std::string::npos) return "";
        at += name.size() + 3;
        if (body[at] == '"') {
            at++;
            return body.substr(at, body.find('"', at) - at);
        }
        return body.substr(at, body.find_first_of(",}", at) - at);
    }

    // The student's VM of LAB101's stack template ("debian"), requested,
    // provisioned and running; VMs other tests made are passed over.
    std::string running_vm(const Session& s) {
        post(s, "/api/courses/1/vms");
        for (int i = 0; i < 120; i++) {
            HttpAnswer list =
                client.send({"GET", "/api/vms", "", {"Cookie: " + s.cookie}});
            auto vm = stack_template_vm(list.body);
            std::string id = std::to_string(vm.get_int("id").value_or(0));
            std::string state = vm.get_string("state").value_or("");
            std::string power = vm.get_string("power_state").value_or("");
            if (state == "ready" && power == "running") return id;
            if (state == "ready" && power == "stopped" && i % 10 == 0) {
                post(s, "/api/vms/" + id + "/actions/start");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
        ADD_FAILURE() << "the VM never reached running";
        return "";
    }

    static json::Json stack_template_vm(const std::string& body) {
        auto parsed = json::parse(body);
        if (!parsed) return json::Json::object();

        json::Json vms = parsed->get("vms");
        for (size_t i = 0; i < vms.size(); i++) {
            json::Json vm = vms.at(i);
            if (vm.get("template").get_string("name") == "debian") return vm;
        }
        return json::Json::object();
    }

    HttpAnswer send_as(const Session& s, const std::string& method,
                       const std::string& path) {
        return client.send({method,
                            path,
                            "",
                            {"Cookie: " + s.cookie, "X-CSRF-Token: " + s.csrf,
                             "Origin: " + client.origin()}});
    }

    // Waits for a job to end; returns its final JSON.
    json::Json wait_job(const Session& s, int64_t job_id) {
        if (job_id == 0) {
            ADD_FAILURE() << "no job was queued";
            return json::Json::object();
        }
        for (int i = 0; i < 240; i++) {
            HttpAnswer got = client.send({"GET",
                                          "/api/jobs/" + std::to_string(job_id),
                                          "",
                                          {"Cookie: " + s.cookie}});
            auto parsed = json::parse(got.body);
            if (parsed) {
                json::Json job = parsed->get("job");
                std::string state = job.get_string("state").value_or("");
                if (state == "succeeded" || state == "failed") return job;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        ADD_FAILURE() << "job " << job_id << " never ended";
        return json::Json::object();
    }

    static int64_t job_id_of(const HttpAnswer& accepted) {
        auto parsed = json::parse(accepted.body);
        if (!parsed) return 0;
        return parsed->get("job").get_int("id").value_or(0);
    }
};

}  // namespace cc::testing
