#pragma once
// A bucket's CORS configuration: PutBucketCors's rules checked as S3 checks them, and requests
// matched against them as S3 evaluates them ("the first CORSRule rule that matches": origin,
// method — or a preflight's Access-Control-Request-Method — and, for a preflight, every header of
// Access-Control-Request-Headers). The headers granted are S3's as LocalStack's test_s3_cors.py
// recorded them against AWS. https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
// Pure functions; safe from any thread.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tarn::s3 {

// PutBucketCors's input -> the rules to store. Errors: MalformedXML (no rules, a rule without
// methods or origins), InvalidRequest (a method S3 does not support, more than one wildcard in an
// origin or header).
core::Result<boost::json::array> CorsRulesFromInput(const boost::json::object& input);

// One '*' matches any run of characters (S3 allows at most one per pattern).
bool CorsPatternMatches(std::string_view pattern, std::string_view text);

struct CorsRequest {
  std::string_view origin;
  std::string_view method;           // the request's, or the preflight's requested method
  std::vector<std::string> headers;  // a preflight's Access-Control-Request-Headers, lowercase
  bool preflight = false;
};
// The Access-Control-* headers (and Vary) the first matching rule grants; nullopt when none does.
std::optional<std::vector<std::pair<std::string, std::string>>> MatchCors(const boost::json::array& rules,
                                                                          const CorsRequest& request);

// Access-Control-Request-Headers split at commas, trimmed, lowercased, empty items dropped.
std::vector<std::string> RequestedHeaders(std::string_view list);

}  // namespace tarn::s3
