// Request accessors: headers, queries, cookies, bodies and client address.
#include "http/request.h"

#include <gtest/gtest.h>

#include "http/response.h"

namespace cc::http {
namespace {

TEST(RequestHeader, ReadsFastCgiHttpParams) {
    Request req;
    req.params["HTTP_X_CSRF_TOKEN"] = "abc";

    EXPECT_EQ(req.header("X-CSRF-Token"), "abc");
    EXPECT_FALSE(req.header("Origin"));
}

TEST(RequestQuery, DecodesPercentAndPlus) {
    Request req;
    req.query_string = "course=12&q=a%20b+c&flag";

    EXPECT_EQ(req.query("course"), "12");
    EXPECT_EQ(req.query("q"), "a b c");
    EXPECT_EQ(req.query("flag"), "");
    EXPECT_FALSE(req.query("missing"));
}

TEST(RequestCookie, FindsOneAmongSeveral) {
    Request req;
    req.params["HTTP_COOKIE"] = "a=1; __Host-cc_session=xyz ; b=2";

    EXPECT_EQ(req.cookie("__Host-cc_session"), "xyz");
    EXPECT_FALSE(req.cookie("c"));
}

TEST(RequestJsonBody, RefusesOtherContentTypesWith415) {
    Request req;
    req.content_type = "text/plain";
    req.body = "{}";

    auto body = req.json_body();
    ASSERT_FALSE(body);
    EXPECT_EQ(status_for(body.error().code), 415);
}

TEST(RequestJsonBody, MalformedJsonNamesThePosition) {
    Request req;
    req.content_type = "application/json";
    req.body = "{\"email\": }";

    auto body = req.json_body();
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(body.error().message.find("line 1"), std::string::npos);
}

TEST(RequestJsonBody, RefusesANonObject) {
    Request req;
    req.content_type = "application/json";
    req.body = "[1,2]";

    EXPECT_FALSE(req.json_body());
}

TEST(RequestIdParam, NonNumericIdIsNotFound) {
    Request req;
    req.path_params["id"] = "12abc";

    auto id = req.id_param("id");
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, ErrorCode::not_found);
}

TEST(RequireString, NamesMissingAndMistypedFields) {
    auto body = json::parse("{\"email\": 5}").value();

    auto email = require_string(body, "email");
    auto password = require_string(body, "password");
    EXPECT_NE(email.error().message.find("`email` must be a string"),
              std::string::npos);
    EXPECT_NE(password.error().message.find("`password` is missing"),
              std::string::npos);
}

TEST(ClientIp, IgnoresForwardedForFromAnUntrustedPeer) {
    Request req;
    req.remote_addr = "203.0.113.9";
    req.params["HTTP_X_FORWARDED_FOR"] = "10.0.0.1";

    EXPECT_EQ(client_ip(req, "127.0.0.1"), "203.0.113.9");
}

TEST(ClientIp, BelievesTheLastHopFromATrustedProxy) {
    Request req;
    req.remote_addr = "127.0.0.1";
    req.params["HTTP_X_FORWARDED_FOR"] = "6.6.6.6, 198.51.100.7";

    EXPECT_EQ(client_ip(req, "10.1.1.1, 127.0.0.1"), "198.51.100.7");
}

TEST(ErrorResponse, HidesDetailAndCarriesRequestId) {
    Error err = make_error(ErrorCode::internal, "", "libpq said secret");

    Response res = error_response(err, "req-1");
    EXPECT_EQ(res.status, 500);
    EXPECT_EQ(res.body.find("libpq"), std::string::npos);
    EXPECT_NE(res.body.find("req-1"), std::string::npos);
}

TEST(ErrorResponse, RateLimitedCarriesRetryAfter) {
    Error err = make_error(ErrorCode::rate_limited, "slow down");
    err.retry_after = 42;

    Response res = error_response(err, "r");
    EXPECT_EQ(res.status, 429);
    ASSERT_EQ(res.headers.size(), 1u);
    EXPECT_EQ(res.headers[0].second, "42");
}

}  // namespace
}  // namespace cc::http
