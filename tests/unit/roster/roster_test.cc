// The exact outcome of each real-world roster in tests/fixtures/roster,
// and the limits and row checks of parse_roster.
#include "roster/roster.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "roster/import.h"

namespace cc::roster {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(
        std::string(CC_SOURCE_DIR) + "/tests/fixtures/roster/" + name,
        std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Roster parse_ok(const std::string& text) {
    auto roster = parse_roster(text, Limits{});
    EXPECT_TRUE(roster) << roster.error().message;
    return roster ? *roster : Roster{};
}

TEST(RosterFixtures, ExcelUtf8WithBomAndCrlfReadsTwoPeople) {
    Roster r = parse_ok(fixture("bom_excel_utf8.csv"));

    ASSERT_EQ(r.people.size(), 2u);
    EXPECT_EQ(r.people[0].email, "ana.lima@uni.example");
    EXPECT_EQ(r.people[0].display_name, "Ana Lima");
    EXPECT_EQ(r.people[0].role, "student");
    EXPECT_EQ(r.people[0].line, 2);
    EXPECT_EQ(r.people[1].display_name, "Bj\u00f6rn \u00c5str\u00f6m");
    EXPECT_EQ(r.people[1].line, 3);
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.delimiter, ',');
}

TEST(RosterFixtures, SepLineSetsSemicolonAndLinesCountIt) {
    Roster r = parse_ok(fixture("semicolon_sep_line.csv"));

    EXPECT_EQ(r.delimiter, ';');
    ASSERT_EQ(r.people.size(), 3u);
    EXPECT_EQ(r.people[0].email, "marie@uni.example");
    EXPECT_EQ(r.people[0].line, 3);
    EXPECT_EQ(r.people[1].display_name, "Niels Bohr; Jr.");
    EXPECT_EQ(r.people[1].role, "faculty");
    EXPECT_EQ(r.people[2].role, "student");
    EXPECT_TRUE(r.errors.empty());
}

TEST(RosterFixtures, OddHeaderSpacingAndTrailingBlankLinesAreFine) {
    Roster r = parse_ok(fixture("registrar_lf_trailing.csv"));

    ASSERT_EQ(r.people.size(), 2u);
    EXPECT_EQ(r.rows, 2);
    EXPECT_EQ(r.people[1].email, "lee@uni.example");
    EXPECT_EQ(r.people[1].display_name, "Lee Chen");
    ASSERT_EQ(r.ignored_columns.size(), 1u);
    EXPECT_EQ(r.ignored_columns[0], "Student ID");
}

TEST(RosterFixtures, LoneCarriageReturnsEndLines) {
    Roster r = parse_ok(fixture("lone_cr.csv"));

    ASSERT_EQ(r.people.size(), 2u);
    EXPECT_EQ(r.people[1].email, "old2@uni.example");
    EXPECT_EQ(r.people[1].line, 3);
}

TEST(RosterFixtures, QuotedCommasQuotesAndLineBreaksStayInTheirField) {
    Roster r = parse_ok(fixture("quoted_commas.csv"));

    ASSERT_EQ(r.people.size(), 3u);
    EXPECT_EQ(r.people[0].display_name, "Doe, Jane");
    EXPECT_EQ(r.people[1].display_name, "O'Brien, Pat");
    EXPECT_EQ(r.people[1].line, 3);
    // The quoted line break moved the next record to line 5.
    EXPECT_EQ(r.people[2].line, 5);
    EXPECT_TRUE(r.errors.empty());
}

TEST(RosterFixtures, SamePersonByCaseOrUnicodeFormIsListedOnce) {
    Roster r = parse_ok(fixture("duplicates_case_unicode.csv"));

    ASSERT_EQ(r.people.size(), 3u);
    EXPECT_EQ(r.people[0].email, "sam.jones@uni.example");
    EXPECT_EQ(r.people[1].email, "ren\u00e9@uni.example");
    EXPECT_EQ(r.people[2].email, "other@uni.example");
    ASSERT_EQ(r.duplicates.size(), 2u);
    EXPECT_EQ(r.duplicates[0].line, 3);
    EXPECT_NE(r.duplicates[0].message.find("same person as line 2"),
              std::string::npos);
    EXPECT_EQ(r.duplicates[1].line, 5);
    EXPECT_NE(r.duplicates[1].message.find("same person as line 4"),
              std::string::npos);
    EXPECT_TRUE(r.errors.empty());
}

TEST(RosterFixtures, Latin1FileIsRefusedWithTheCsvUtf8Hint) {
    auto r = parse_roster(fixture("invalid_utf8_latin1.csv"), Limits{});

    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::unprocessable);
    EXPECT_EQ(r.error().message.rfind("line 3: the file is not UTF-8", 0), 0u)
        << r.error().message;
    EXPECT_NE(r.error().message.find("\"CSV UTF-8"), std::string::npos);
}

TEST(RosterFixtures, MissingEmailColumnRefusesTheWholeUploadNamingIt) {
    auto r = parse_roster(fixture("missing_email_column.csv"), Limits{});

    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::unprocessable);
    EXPECT_NE(r.error().message.find("required column \"email\" is missing"),
              std::string::npos);
}

TEST(RosterFixtures, EachBadRowIsReportedAtItsLine) {
    Roster r = parse_ok(fixture("row_errors.csv"));

    ASSERT_EQ(r.people.size(), 1u);
    EXPECT_EQ(r.people[0].email, "good@uni.example");
    ASSERT_EQ(r.errors.size(), 7u);

    std::vector<std::pair<int, std::string>> expected = {
        {3, "exactly one @"},      {4, "control character"},
        {5, "student or faculty"}, {6, "4 fields but the header has 3"},
        {7, "exactly one @"},      {8, "longer than 200 characters"},
        {9, "no valid domain"},
    };
    for (size_t i = 0; i < expected.size(); i++) {
        EXPECT_EQ(r.errors[i].line, expected[i].first);
        EXPECT_NE(r.errors[i].message.find(expected[i].second),
                  std::string::npos)
            << r.errors[i].message;
    }
    EXPECT_EQ(r.errors[0].column, "email");
    EXPECT_EQ(r.errors[2].column, "role");
}

TEST(RosterLimits, TwentyMegabyteFileIs413NamingTheLimit) {
    std::string big = "email,name\n";
    while (big.size() < 20 * 1024 * 1024) {
        big += "someone" + std::to_string(big.size()) + "@uni.example,Name\n";
    }

    auto r = parse_roster(big, Limits{});

    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::too_large);
    EXPECT_EQ(r.error().message, "the file is larger than the limit of 10 MiB");
}

TEST(RosterLimits, TooManyRowsIs422NamingTheLimit) {
    std::string text = "email\n";
    for (int i = 0; i < 11; i++) {
        text += "p" + std::to_string(i) + "@uni.example\n";
    }

    auto r = parse_roster(text, Limits{1 << 20, 10});

    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::unprocessable);
    EXPECT_EQ(r.error().message,
              "the file has more than 10 rows, the limit per upload");
}

TEST(RosterLimits, ExactlyTheRowLimitIsAccepted) {
    std::string text = "email\n";
    for (int i = 0; i < 10; i++) {
        text += "p" + std::to_string(i) + "@uni.example\n";
    }

    auto r = parse_roster(text, Limits{1 << 20, 10});

    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->people.size(), 10u);
}

TEST(RosterCsv, UnclosedQuoteNamesTheLineItOpenedOn) {
    auto r = parse_roster("email,name\na@uni.example,\"Open\nb@x.example,B\n",
                          Limits{});

    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "line 2: a quoted field is never closed");
}

TEST(RosterCsv, TextAfterClosingQuoteIsRefused) {
    auto r = parse_roster("email\n\"a@uni.example\"x\n", Limits{});

    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "line 2: text after a closing quote");
}

TEST(RosterCsv, EmptyFileAsksForAHeader) {
    auto r = parse_roster("\r\n\r\n", Limits{});

    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("the file is empty"), std::string::npos);
}

TEST(RosterCsv, TabDelimitedExportIsDetected) {
    Roster r = parse_ok("Email\tName\nt@uni.example\tTab Person\n");

    EXPECT_EQ(r.delimiter, '\t');
    ASSERT_EQ(r.people.size(), 1u);
    EXPECT_EQ(r.people[0].display_name, "Tab Person");
}

TEST(RosterCsv, SurnameAndGivenNameAliasesMakeTheDisplayName) {
    Roster r = parse_ok("Surname,Given Name,Mail\nLima,Ana,a@uni.example\n");

    ASSERT_EQ(r.people.size(), 1u);
    EXPECT_EQ(r.people[0].display_name, "Ana Lima");
}

// A sync of a header-only file dropped the whole class.
TEST(RosterSync, AHeaderOnlyFileDropsEveryoneOnlyInSyncMode) {
    Roster empty = parse_ok("email,name\r\n\r\n");
    Roster one = parse_ok("email\none@uni.example\n");

    EXPECT_EQ(empty.rows, 0);
    EXPECT_TRUE(drops_everyone(empty, true));
    EXPECT_FALSE(drops_everyone(empty, false));
    EXPECT_FALSE(drops_everyone(one, true));
}

// A faculty row for a student's address made that student course faculty.
TEST(RosterAccounts, OnlyAFacultyRowOnAStudentAccountIsAProblem) {
    Person faculty{2, "a@uni.example", "A", "faculty"};
    Person student{3, "b@uni.example", "B", "student"};

    EXPECT_EQ(account_problem(faculty, "student").value_or(""),
              "this account is a student; faculty rows need a faculty "
              "account");
    EXPECT_FALSE(account_problem(faculty, "faculty"));
    EXPECT_FALSE(account_problem(faculty, "admin"));
    EXPECT_FALSE(account_problem(student, "student"));
}

}  // namespace
}  // namespace cc::roster
