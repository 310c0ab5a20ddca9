// cc-roster through nginx against the real stack: courses, access rules,
// previews and imports of the fixture rosters, limits and repeat uploads.
#include <chrono>

#include <gtest/gtest.h>

#include "faculty_session.h"
#include "http_client.h"

namespace cc::testing {
namespace {

class RosterApi : public ::testing::Test {
  protected:
    StackClient client;
    Session faculty = demo_session(client, "faculty");

    long long create_course(const Session& who, const std::string& code) {
        HttpAnswer res = client.send(
            {"POST", "/api/courses",
             "{\"code\":\"" + code +
                 "\",\"title\":\"Roster test\",\"term\":\"2026-fall\","
                 "\"vlan_tag\":210}",
             write_headers(client, who, "application/json")});
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
};

TEST_F(RosterApi, FacultyCreatesACourseAndSeesItInTheList) {
    std::string code = unique_code("NET");
    long long id = create_course(faculty, code);

    HttpAnswer list =
        client.send({"GET", "/api/courses", "", {"Cookie: " + faculty.cookie}});

    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_NE(list.body.find(code), std::string::npos);
    EXPECT_NE(list.body.find("\"role\":\"faculty\""), std::string::npos);
    EXPECT_GT(id, 0);
}

TEST_F(RosterApi, FacultyGets404ForACourseTheyDoNotTeach) {
    Session admin = demo_session(client, "admin");
    long long other = create_course(admin, unique_code("ADM"));

    HttpAnswer members =
        client.send({"GET",
                     "/api/courses/" + std::to_string(other) + "/members",
                     "",
                     {"Cookie: " + faculty.cookie}});
    HttpAnswer roster = upload(other, "?dry_run=1", "email\na@uni.example\n");

    EXPECT_EQ(members.status, 404) << members.body;
    EXPECT_EQ(roster.status, 404) << roster.body;
}

TEST_F(RosterApi, StudentCannotUploadARoster) {
    Session student = demo_session(client, "student");

    HttpAnswer res = client.send({"POST", "/api/courses/1/roster?dry_run=1",
                                  "email\na@uni.example\n",
                                  write_headers(client, student, "text/csv")});

    EXPECT_EQ(res.status, 403) << res.body;
}

TEST_F(RosterApi, PreviewOfTheBomFileWritesNothing) {
    long long course = create_course(faculty, unique_code("BOM"));

    HttpAnswer first =
        upload(course, "?dry_run=1", read_fixture("bom_excel_utf8.csv"));
    HttpAnswer second =
        upload(course, "?dry_run=1", read_fixture("bom_excel_utf8.csv"));

    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(json_int(first.body, "add"), 2);
    EXPECT_EQ(json_int(first.body, "keep"), 0);
    EXPECT_EQ(first.body, second.body);
}

TEST_F(RosterApi, ApplyEnrollsAndTheSameFileTwiceReturnsTheFirstImport) {
    long long course = create_course(faculty, unique_code("SEP"));
    std::string csv = read_fixture("semicolon_sep_line.csv");

    HttpAnswer first = upload(course, "", csv);
    HttpAnswer again = upload(course, "", csv);
    HttpAnswer preview = upload(course, "?dry_run=1", csv);

    ASSERT_EQ(first.status, 202) << first.body;
    EXPECT_EQ(json_int(first.body, "added"), 3);
    EXPECT_EQ(json_int(first.body, "accounts_created"), 3);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_NE(again.body.find("\"repeated\":true"), std::string::npos);
    EXPECT_EQ(json_int(again.body, "id"), json_int(first.body, "id"));
    EXPECT_EQ(json_int(preview.body, "keep"), 3);
}

TEST_F(RosterApi, ImportOutcomeListsEveryRowAndQueuedMail) {
    long long course = create_course(faculty, unique_code("QC"));
    HttpAnswer applied = upload(course, "", read_fixture("quoted_commas.csv"));
    long long id = json_int(applied.body, "id");

    HttpAnswer outcome =
        client.send({"GET",
                     "/api/courses/" + std::to_string(course) +
                         "/roster/imports/" + std::to_string(id),
                     "",
                     {"Cookie: " + faculty.cookie}});
    HttpAnswer members =
        client.send({"GET",
                     "/api/courses/" + std::to_string(course) + "/members",
                     "",
                     {"Cookie: " + faculty.cookie}});

    ASSERT_EQ(outcome.status, 200) << outcome.body;
    EXPECT_NE(outcome.body.find("\"line\":5,\"email\":\"smith@uni.example\""),
              std::string::npos)
        << outcome.body;
    EXPECT_EQ(json_int(outcome.body, "queued"), 3);
    ASSERT_EQ(members.status, 200);
    EXPECT_NE(members.body.find("Doe, Jane"), std::string::npos);
    EXPECT_NE(members.body.find("\"kind\":\"set_password\""),
              std::string::npos);
}

TEST_F(RosterApi, SyncPreviewDropsOnlyStudentsMissingFromTheFile) {
    long long course = create_course(faculty, unique_code("SYN"));
    ASSERT_EQ(upload(course, "", read_fixture("lone_cr.csv")).status, 202);

    HttpAnswer res = upload(course, "?dry_run=1&mode=sync",
                            "email,name\nold1@uni.example,Old One\n");

    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(json_int(res.body, "drop"), 1);
    EXPECT_NE(res.body.find("old2@uni.example"), std::string::npos);
    EXPECT_EQ(res.body.find("faculty@demo"), std::string::npos);
}

TEST_F(RosterApi, RowErrorsBlockApplyAndNothingIsWritten) {
    long long course = create_course(faculty, unique_code("ERR"));

    HttpAnswer res = upload(course, "", read_fixture("row_errors.csv"));
    HttpAnswer preview =
        upload(course, "?dry_run=1", read_fixture("row_errors.csv"));

    EXPECT_EQ(res.status, 422) << res.body;
    EXPECT_NE(res.body.find("first at line 3"), std::string::npos);
    EXPECT_EQ(json_int(preview.body, "keep"), 0);
    EXPECT_EQ(json_int(preview.body, "errors"), 7);
}

TEST_F(RosterApi, MissingColumnAndLatin1AreRefusedWith422) {
    long long course = create_course(faculty, unique_code("BAD"));

    HttpAnswer missing =
        upload(course, "?dry_run=1", read_fixture("missing_email_column.csv"));
    HttpAnswer latin1 =
        upload(course, "?dry_run=1", read_fixture("invalid_utf8_latin1.csv"));

    EXPECT_EQ(missing.status, 422);
    EXPECT_NE(missing.body.find("required column \\\"email\\\" is missing"),
              std::string::npos)
        << missing.body;
    EXPECT_EQ(latin1.status, 422);
    EXPECT_NE(latin1.body.find("CSV UTF-8"), std::string::npos);
}

TEST_F(RosterApi, MultipartFormUploadIsRead) {
    long long course = create_course(faculty, unique_code("MP"));
    std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
        "filename=\"class.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
        read_fixture("registrar_lf_trailing.csv") + "\r\n--XyZ--\r\n";

    HttpAnswer res = client.send(
        {"POST", "/api/courses/" + std::to_string(course) + "/roster?dry_run=1",
         body,
         write_headers(client, faculty, "multipart/form-data; boundary=XyZ")});

    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(json_int(res.body, "add"), 2);
    EXPECT_NE(res.body.find("Student ID"), std::string::npos);
}

TEST_F(RosterApi, TwentyMegabyteUploadIs413NamingTheLimit) {
    long long course = create_course(faculty, unique_code("BIG"));
    std::string big = "email,name\n";
    while (big.size() < 20 * 1024 * 1024) {
        big += "s" + std::to_string(big.size()) + "@uni.example,Student\n";
    }

    HttpAnswer res = upload(course, "?dry_run=1", big);

    EXPECT_EQ(res.status, 413);
    EXPECT_NE(res.body.find("limit of 10 MiB"), std::string::npos) << res.body;
}

TEST_F(RosterApi, FiveThousandRowsUploadedTwiceMakeOneImport) {
    long long course = create_course(faculty, unique_code("5K"));
    std::string csv = "Email;First Name;Last Name\r\n";
    for (int i = 0; i < 5000; i++) {
        csv += "student" + std::to_string(i) + "." + std::to_string(course) +
               "@big.example;First" + std::to_string(i) + ";Last\r\n";
    }

    auto started = std::chrono::steady_clock::now();
    HttpAnswer first = upload(course, "", csv);
    auto took = std::chrono::steady_clock::now() - started;
    HttpAnswer second = upload(course, "", csv);

    ASSERT_EQ(first.status, 202) << first.body;
    EXPECT_EQ(json_int(first.body, "added"), 5000);
    EXPECT_EQ(json_int(first.body, "queued"), 5000);
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(json_int(second.body, "id"), json_int(first.body, "id"));
    EXPECT_LT(took, std::chrono::seconds(10));
}

TEST_F(RosterApi, PatchChangesTheVlanAndRejectsABadOne) {
    long long course = create_course(faculty, unique_code("PAT"));
    std::string path = "/api/courses/" + std::to_string(course);

    HttpAnswer ok =
        client.send({"PATCH", path, "{\"vlan_tag\":300}",
                     write_headers(client, faculty, "application/json")});
    HttpAnswer bad =
        client.send({"PATCH", path, "{\"vlan_tag\":5000}",
                     write_headers(client, faculty, "application/json")});

    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(json_int(ok.body, "vlan_tag"), 300);
    EXPECT_EQ(bad.status, 422);
}

}  // namespace
}  // namespace cc::testing
