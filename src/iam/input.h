#pragma once
// Helpers shared by the IAM handlers: reading members of a validated input, IAM ARNs, and
// Marker/MaxItems pagination. Pure functions; safe from any thread.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "iam/records.h"
#include "net/registry.h"

namespace tarn::iam {

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html (MaxItems default)
inline constexpr int64_t kDefaultMaxItems = 100;

std::string InputString(const net::Call& call, std::string_view member);
std::optional<int64_t> InputInt(const net::Call& call, std::string_view member);
std::vector<std::string> InputStrings(const net::Call& call, std::string_view member);
Tags InputTags(const net::Call& call, std::string_view member = "Tags");
// Path (default "/"): IAM's pattern is checked by the model; a path must start and end with '/'.
std::string InputPath(const net::Call& call, std::string_view member = "Path");

// arn:aws:iam::<account>:<kind><path><name>, kind "user", "group", "role", "policy".
std::string IamArn(std::string_view kind, std::string_view path, std::string_view name);

// Adds or replaces tags by key, which IAM compares case-insensitively (TagUser/TagRole, the Tags of a
// Create). A key outside IAM's pattern is a ValidationError, a key given twice InvalidInput with
// `duplicate_message`; LimitExceeded past 50 tags per entity.
inline constexpr std::string_view kDuplicateTagKeys =
    "Duplicate tag keys found. Please note that Tag keys are case insensitive.";
// Managed policies' keys are compared as written (`a` and `A` are two tags there).
struct TagRules {
  std::string_view duplicate_message = kDuplicateTagKeys;
  bool fold_keys = true;
};
inline constexpr TagRules kPolicyTagRules{"Duplicate tag keys found.", false};
core::Status MergeTags(Tags& tags, const Tags& added, const TagRules& rules = {});
// Removes keys (UntagUser/UntagRole); a key outside IAM's pattern is a ValidationError.
core::Status RemoveTags(Tags& tags, const std::vector<std::string>& keys, const TagRules& rules = {});
// The tags of a document kept as IAM renders it (its "Tags": [{Key, Value}]).
Tags TagsOf(const boost::json::object& document);
// Tag*/Untag* on such a document: the input's Tags merged in, or its TagKeys removed (MergeTags'
// and RemoveTags' rules and errors).
core::Status TagDocument(boost::json::object& document, const net::Call& call);
core::Status UntagDocument(boost::json::object& document, const net::Call& call);
// UserName, or the calling user when absent (IAM: "the user name is determined implicitly based on the
// Amazon Web Services access key ID used to sign the request"); other callers must name the user.
core::Result<std::string> NamedOrCallingUser(const net::Call& call);
// Tags and IsTruncated/Marker of one MaxItems page of `tags`, in the order they were set (List*Tags).
core::Status PutTagsPage(const net::Call& call, const Tags& tags, boost::json::object& out);

// One page of `keys` (sorted, unique) per the input's Marker and MaxItems: [begin, end).
struct Page {
  size_t begin = 0, end = 0;
  bool truncated = false;
  std::string next_marker;
};
core::Result<Page> Paginate(const net::Call& call, const std::vector<std::string>& keys);
// Sets IsTruncated and, when truncated, Marker.
void PutPage(boost::json::object& out, const Page& page);

// Parses a document as the given kind of policy (MalformedPolicyDocument on error).
core::Result<Document> ParseDocument(std::string text, policy::PolicyKind kind,
                                     const policy::ParseOptions& options = {});

}  // namespace tarn::iam
