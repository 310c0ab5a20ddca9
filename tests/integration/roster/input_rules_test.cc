// What cc-roster refuses before it writes anything: misspelt query flags,
// course fields and settings it cannot use, and imports that would do
// something the faculty member did not mean.
#include <gtest/gtest.h>

#include "faculty_session.h"
#include "http_client.h"

namespace cc::testing {
namespace {

bool has(const HttpAnswer& res, const std::string& text) {
    return res.body.find(text) != std::string::npos;
}

class RosterInputRules : public ::testing::Test {
  protected:
    StackClient client;
    Session faculty = demo_session(client, "faculty");

    long long create_course(const std::string& prefix) {
        HttpAnswer res = client.send(
            {"POST", "/api/courses",
             "{\"code\":\"" + unique_code(prefix) +
                 "\",\"title\":\"Input rules\",\"term\":\"2026-fall\"}",
             write_headers(client, faculty, "application/json")});
        EXPECT_EQ(res.status, 201) << res.body;
        return json_int(res.body, "id");
    }

    HttpAnswer upload(long long course, const std::string& query,
                      const std::string& csv) {
        return client.send(
            {"POST",
             "/api/courses/" + std::to_string(course) + "/roster" + query, csv,
             write_headers(client, faculty, "text/csv")});
    }

    HttpAnswer members(long long course) {
        return client.send(
            {"GET",
             "/api/courses/" + std::to_string(course) + "/members",
             "",
             {"Cookie: " + faculty.cookie}});
    }
};

// A dry run spelt `on` or `maybe` used to apply the roster for real.
TEST_F(RosterInputRules, UnknownFlagValuesAre400AndNothingIsApplied) {
    long long course = create_course("FLG");
    std::string csv = "email,name\nflag.s1@uni.example,Flag One\n";

    for (const char* value : {"on", "y", "maybe", "", "2"}) {
        HttpAnswer res = upload(course, std::string("?dry_run=") + value, csv);
        EXPECT_EQ(res.status, 400) << value << ": " << res.body;
        EXPECT_TRUE(has(res, "dry_run")) << res.body;
        EXPECT_TRUE(has(res, "1, true, yes, 0, false, no")) << res.body;
    }
    HttpAnswer destroy =
        upload(course, "?dry_run=1&mode=sync&destroy_vms=on", csv);
    HttpAnswer mode = upload(course, "?dry_run=1&mode=replace", csv);
    HttpAnswer after = members(course);

    EXPECT_EQ(destroy.status, 400) << destroy.body;
    EXPECT_TRUE(has(destroy, "destroy_vms")) << destroy.body;
    EXPECT_EQ(mode.status, 400) << mode.body;
    EXPECT_TRUE(has(mode, "`mode` must be add or sync")) << mode.body;
    ASSERT_EQ(after.status, 200) << after.body;
    EXPECT_FALSE(has(after, "flag.s1@uni.example")) << after.body;
}

TEST_F(RosterInputRules, FlagsIgnoreCaseAndTrueUpperCaseIsADryRun) {
    long long course = create_course("FLC");
    std::string csv = "email,name\nflag.c1@uni.example,Flag Case\n";

    HttpAnswer upper = upload(course, "?dry_run=TRUE&mode=Sync", csv);
    HttpAnswer after = members(course);
    HttpAnswer applied = upload(course, "?dry_run=No", csv);

    ASSERT_EQ(upper.status, 200) << upper.body;
    EXPECT_TRUE(has(upper, "\"preview\"")) << upper.body;
    EXPECT_TRUE(has(upper, "\"mode\":\"sync\"")) << upper.body;
    EXPECT_FALSE(has(after, "flag.c1@uni.example")) << after.body;
    EXPECT_EQ(applied.status, 202) << applied.body;
}

}  // namespace
}  // namespace cc::testing
