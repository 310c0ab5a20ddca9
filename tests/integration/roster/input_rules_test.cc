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

    HttpAnswer post_course(const std::string& json) {
        return client.send(
            {"POST", "/api/courses", json,
             write_headers(client, faculty, "application/json")});
    }

    HttpAnswer patch_course(long long course, const std::string& json) {
        return client.send(
            {"PATCH", "/api/courses/" + std::to_string(course), json,
             write_headers(client, faculty, "application/json")});
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

// A line break in a course's title made every later mail of the course
// fail ("the subject may not contain a line break").
TEST_F(RosterInputRules, LineBreaksAndControlsInCourseTextAre422) {
    long long course = create_course("CTL");
    std::string code = "\"code\":\"" + unique_code("CTL") + "\"";

    HttpAnswer title = post_course(
        "{" + code + ",\"title\":\"Nets\\r\\nBcc: x\",\"term\":\"2026\"}");
    HttpAnswer code_tab = post_course(
        "{\"code\":\"NET\\t1\",\"title\":\"Nets\",\"term\":\"2026\"}");
    HttpAnswer term_c1 = post_course(
        "{" + code + ",\"title\":\"Nets\",\"term\":\"2026\\u0085\"}");
    HttpAnswer patched = patch_course(course, "{\"title\":\"A\\nB\"}");
    HttpAnswer name = patch_course(course, "{\"name\":\"A\\u2028B\"}");

    EXPECT_EQ(title.status, 422) << title.body;
    EXPECT_TRUE(has(title, "`title`")) << title.body;
    EXPECT_EQ(code_tab.status, 422) << code_tab.body;
    EXPECT_TRUE(has(code_tab, "`code`")) << code_tab.body;
    EXPECT_EQ(term_c1.status, 422) << term_c1.body;
    EXPECT_TRUE(has(term_c1, "`term`")) << term_c1.body;
    EXPECT_EQ(patched.status, 422) << patched.body;
    EXPECT_TRUE(has(patched, "line break")) << patched.body;
    EXPECT_EQ(name.status, 422) << name.body;
    EXPECT_TRUE(has(name, "`name`")) << name.body;
}

TEST_F(RosterInputRules, CourseTextLengthsCountCharactersNotBytes) {
    long long course = create_course("LEN");
    std::string accented;
    for (int i = 0; i < 200; i++) accented += "\u00e9";
    std::string blank_code =
        "{\"code\":\"   \",\"title\":\"T\",\"term\":\"T\"}";

    HttpAnswer ok = patch_course(course, "{\"title\":\"" + accented + "\"}");
    HttpAnswer too_long =
        patch_course(course, "{\"title\":\"x" + accented + "\"}");
    HttpAnswer long_code =
        patch_course(course, "{\"code\":\"" + std::string(33, 'C') + "\"}");
    HttpAnswer blank = post_course(blank_code);

    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(too_long.status, 422) << too_long.body;
    EXPECT_TRUE(has(too_long, "`title` must be 1 to 200")) << too_long.body;
    EXPECT_EQ(long_code.status, 422) << long_code.body;
    EXPECT_TRUE(has(long_code, "`code`")) << long_code.body;
    EXPECT_EQ(blank.status, 422) << blank.body;
}

// snapshot_limit -1 or "x" was stored, and handlers/vm's cast of it then
// failed for every VM of the course.
TEST_F(RosterInputRules, SettingsWithWrongTypesOrUnknownKeysAre422) {
    long long course = create_course("SET");
    struct Case {
        const char* settings;
        const char* named;
    };

    for (Case c :
         {Case{"{\"snapshot_limit\":-1}", "snapshot_limit"},
          Case{"{\"snapshot_limit\":\"x\"}", "snapshot_limit"},
          Case{"{\"snapshot_limit\":100000}", "snapshot_limit"},
          Case{"{\"snapshot_limit\":2.5}", "snapshot_limit"},
          Case{"{\"students_may_destroy\":\"true\"}", "students_may_destroy"},
          Case{"{\"colour\":\"red\"}", "colour"}, Case{"[]", "settings"}}) {
        std::string body = std::string("{\"settings\":") + c.settings + "}";
        HttpAnswer patched = patch_course(course, body);
        HttpAnswer created = post_course(
            "{\"code\":\"" + unique_code("SET") +
            "\",\"title\":\"T\",\"term\":\"T\",\"settings\":" + c.settings +
            "}");

        EXPECT_EQ(patched.status, 422) << c.settings << ": " << patched.body;
        EXPECT_TRUE(has(patched, c.named)) << patched.body;
        EXPECT_EQ(created.status, 422) << c.settings << ": " << created.body;
    }
}

TEST_F(RosterInputRules, PatchMergesSettingsAndNullRestoresTheDefault) {
    long long course = create_course("MRG");

    HttpAnswer first =
        patch_course(course, "{\"settings\":{\"snapshot_limit\":3}}");
    HttpAnswer second =
        patch_course(course, "{\"settings\":{\"students_may_destroy\":true}}");
    HttpAnswer title = patch_course(course, "{\"title\":\"Renamed\"}");
    HttpAnswer cleared =
        patch_course(course, "{\"settings\":{\"snapshot_limit\":null}}");

    ASSERT_EQ(first.status, 200) << first.body;
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_TRUE(has(second, "\"snapshot_limit\":3")) << second.body;
    EXPECT_TRUE(has(second, "\"students_may_destroy\":true")) << second.body;
    EXPECT_TRUE(has(title, "\"snapshot_limit\":3")) << title.body;
    ASSERT_EQ(cleared.status, 200) << cleared.body;
    EXPECT_FALSE(has(cleared, "snapshot_limit")) << cleared.body;
    EXPECT_TRUE(has(cleared, "\"students_may_destroy\":true")) << cleared.body;
}

// A sync of a header-only file dropped the whole class (and with
// destroy_vms=1 destroyed their VMs).
TEST_F(RosterInputRules, SyncOfAFileWithNoRowsIsRefusedAndDropsNobody) {
    long long course = create_course("EMP");
    std::string two =
        "email,name\nempty.s1@uni.example,One\nempty.s2@uni.example,Two\n";
    ASSERT_EQ(upload(course, "", two).status, 202);

    HttpAnswer preview = upload(course, "?dry_run=1&mode=sync", "email,name\n");
    HttpAnswer sync = upload(course, "?mode=sync", "email,name\n");
    HttpAnswer destroy =
        upload(course, "?mode=sync&destroy_vms=1", "email,name\r\n\r\n");
    HttpAnswer after = members(course);

    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(json_int(preview.body, "drop"), 2) << preview.body;
    EXPECT_EQ(json_int(preview.body, "errors"), 1) << preview.body;
    EXPECT_TRUE(has(preview, "would drop all 2 students")) << preview.body;
    EXPECT_EQ(sync.status, 422) << sync.body;
    EXPECT_TRUE(has(sync, "lists nobody")) << sync.body;
    EXPECT_EQ(destroy.status, 422) << destroy.body;
    EXPECT_TRUE(has(after, "empty.s1@uni.example")) << after.body;
    EXPECT_TRUE(has(after, "empty.s2@uni.example")) << after.body;
}

// An unknown cluster_id answered 400 "the values break a rule of the
// database", which names nothing the caller can fix.
TEST_F(RosterInputRules, TemplateOnAnUnknownClusterIs422NamingClusterId) {
    long long course = create_course("TPL");

    HttpAnswer res = client.send(
        {"POST", "/api/courses/" + std::to_string(course) + "/templates",
         "{\"name\":\"debian\",\"cluster_id\":9000000000,"
         "\"pve_template_vmid\":9000}",
         write_headers(client, faculty, "application/json")});

    EXPECT_EQ(res.status, 422) << res.body;
    EXPECT_TRUE(has(res, "`cluster_id`")) << res.body;
}

// A faculty row for a student's address made that student course faculty.
TEST_F(RosterInputRules, FacultyRowForAStudentAccountIsARowError) {
    long long course = create_course("FAC");
    std::string student = client.demo_login("student").first;
    std::string fresh = "new.fac." + unique_code("f") + "@uni.example";
    std::string csv = "email,name,role\n" + student + ",Stu,faculty\n" + fresh +
                      ",New Faculty,faculty\n";

    HttpAnswer preview = upload(course, "?dry_run=1", csv);
    HttpAnswer applied = upload(course, "", csv);
    HttpAnswer after = members(course);
    HttpAnswer fine = upload(course, "", "email,role\n" + fresh + ",faculty\n");

    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(json_int(preview.body, "errors"), 1) << preview.body;
    EXPECT_EQ(json_int(preview.body, "add"), 1) << preview.body;
    EXPECT_TRUE(has(preview,
                    "\"line\":2,\"column\":\"\",\"message\":"
                    "\"this account is a student; faculty rows need "
                    "a faculty account\""))
        << preview.body;
    EXPECT_EQ(applied.status, 422) << applied.body;
    EXPECT_TRUE(has(applied, "line 2")) << applied.body;
    EXPECT_FALSE(has(after, student)) << after.body;
    EXPECT_EQ(fine.status, 202) << fine.body;
    EXPECT_EQ(json_int(fine.body, "accounts_created"), 1) << fine.body;
}

}  // namespace
}  // namespace cc::testing
