// Input, ARN and pagination helpers of the IAM handlers (input.h).
#include "iam/input.h"

#include <algorithm>
#include <cctype>

#include "core/encoding.h"
#include "core/principal.h"
#include "iam/errors.h"
#include "iam/store.h"

namespace tarn::iam {
namespace json = boost::json;

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: 50 tags per entity.
inline constexpr size_t kMaxTags = 50;

std::string InputString(const net::Call& call, std::string_view member) {
  const auto* v = call.input.if_contains(member);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> InputInt(const net::Call& call, std::string_view member) {
  const auto* v = call.input.if_contains(member);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  return std::nullopt;
}

std::vector<std::string> InputStrings(const net::Call& call, std::string_view member) {
  std::vector<std::string> out;
  const auto* v = call.input.if_contains(member);
  if (!v || !v->is_array()) return out;
  for (const auto& s : v->get_array())
    if (s.is_string()) out.emplace_back(s.get_string());
  return out;
}

Tags InputTags(const net::Call& call, std::string_view member) {
  Tags tags;
  const auto* v = call.input.if_contains(member);
  if (!v || !v->is_array()) return tags;
  for (const auto& t : v->get_array()) {
    if (!t.is_object()) continue;
    const auto* k = t.get_object().if_contains("Key");
    const auto* val = t.get_object().if_contains("Value");
    tags.emplace_back(k && k->is_string() ? std::string(k->get_string()) : std::string(),
                      val && val->is_string() ? std::string(val->get_string()) : std::string());
  }
  return tags;
}

std::string InputPath(const net::Call& call, std::string_view member) {
  std::string path = InputString(call, member);
  return path.empty() ? "/" : path;
}

std::string IamArn(std::string_view kind, std::string_view path, std::string_view name) {
  std::string arn = "arn:aws:iam::";
  arn.append(core::kDefaultAccountId).append(":").append(kind);
  arn.append(path.empty() ? "/" : path).append(name);
  return arn;
}

namespace {

// IAM's tagKeyType pattern, [\p{L}\p{Z}\p{N}_.:/=+\-@]+, checked exactly for ASCII; a character
// beyond ASCII is taken as a letter (tarn has no Unicode category tables).
bool ValidTagKey(std::string_view key) {
  if (key.empty()) return false;
  for (unsigned char c : key) {
    if (c >= 0x80 || std::isalnum(c) || c == ' ') continue;
    if (std::string_view("_.:/=+-@").find(static_cast<char>(c)) == std::string_view::npos) return false;
  }
  return true;
}

core::AwsError BadTagKey(const std::string& at) {
  return ValidationError("1 validation error detected: Value at '" + at +
                         "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                         "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
}

}  // namespace

core::Status MergeTags(Tags& tags, const Tags& added, const TagRules& rules) {
  auto same = [&](const std::string& a, const std::string& b) {
    return rules.fold_keys ? Fold(a) == Fold(b) : a == b;
  };
  for (size_t i = 0; i < added.size(); ++i) {
    if (!ValidTagKey(added[i].first)) return BadTagKey("tags." + std::to_string(i + 1) + ".member.key");
  }
  for (size_t i = 0; i < added.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (same(added[i].first, added[j].first)) return InvalidInput(std::string(rules.duplicate_message));
    }
  }
  Tags merged = tags;
  for (const auto& [k, v] : added) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& t) { return same(t.first, k); });
    if (it != merged.end())
      *it = {k, v};
    else
      merged.emplace_back(k, v);
  }
  if (merged.size() > kMaxTags) return LimitExceeded("The number of tags has reached the maximum limit.");
  tags = std::move(merged);
  return core::Ok();
}

core::Status RemoveTags(Tags& tags, const std::vector<std::string>& keys, const TagRules& rules) {
  for (const std::string& key : keys) {
    if (!ValidTagKey(key)) {
      // IAM names the list and every constraint of its members here.
      return ValidationError(
          "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy "
          "constraint: [Member must have length less than or equal to 128, Member must have length greater "
          "than "
          "or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, "
          "Member must not be null]");
    }
  }
  std::erase_if(tags, [&](const auto& t) {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
      return rules.fold_keys ? Fold(k) == Fold(t.first) : k == t.first;
    });
  });
  return core::Ok();
}

Tags TagsOf(const json::object& document) {
  Tags tags;
  if (const auto* list = document.if_contains("Tags"); list && list->is_array())
    for (const auto& t : list->get_array()) {
      const auto* tag = t.if_object();
      const auto* key = tag ? tag->if_contains("Key") : nullptr;
      const auto* value = tag ? tag->if_contains("Value") : nullptr;
      if (key && key->is_string() && value && value->is_string())
        tags.emplace_back(std::string(key->get_string()), std::string(value->get_string()));
    }
  return tags;
}

core::Status TagDocument(json::object& document, const net::Call& call) {
  Tags tags = TagsOf(document);
  TARN_TRY(MergeTags(tags, InputTags(call)));
  document["Tags"] = TagsShape(tags);
  return core::Ok();
}

core::Status UntagDocument(json::object& document, const net::Call& call) {
  Tags tags = TagsOf(document);
  TARN_TRY(RemoveTags(tags, InputStrings(call, "TagKeys")));
  document["Tags"] = TagsShape(tags);
  return core::Ok();
}

core::Result<std::string> NamedOrCallingUser(const net::Call& call) {
  std::string name = InputString(call, "UserName");
  if (!name.empty()) return name;
  const core::Principal& caller = call.context.principal;
  if (caller.type == core::Principal::Type::kUser) return caller.name;
  return ValidationError("Must specify userName when calling with non-User credentials");
}

core::Status PutTagsPage(const net::Call& call, const Tags& tags, json::object& out) {
  std::vector<std::string> keys;  // positions, zero-padded so that they sort as numbers
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string position = std::to_string(i);
    keys.push_back(std::string(8 - std::min<size_t>(8, position.size()), '0') + position);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  out["Tags"] = TagsShape(Tags(tags.begin() + static_cast<std::ptrdiff_t>(page.begin),
                               tags.begin() + static_cast<std::ptrdiff_t>(page.end)));
  PutPage(out, page);
  return core::Ok();
}

core::Result<Page> Paginate(const net::Call& call, const std::vector<std::string>& keys) {
  Page page;
  std::string marker = InputString(call, "Marker");
  if (!marker.empty()) {
    auto start = core::Base64Decode(marker);
    if (!start) return ValidationError("Invalid Marker.");
    page.begin = static_cast<size_t>(std::lower_bound(keys.begin(), keys.end(), *start) - keys.begin());
  }
  int64_t max_items = InputInt(call, "MaxItems").value_or(kDefaultMaxItems);
  if (max_items < 1) max_items = 1;
  page.end = std::min(keys.size(), page.begin + static_cast<size_t>(max_items));
  if (page.end < keys.size()) {
    page.truncated = true;
    page.next_marker = core::Base64Encode(keys[page.end]);
  }
  return page;
}

void PutPage(json::object& out, const Page& page) {
  out["IsTruncated"] = page.truncated;
  if (page.truncated) out["Marker"] = page.next_marker;
}

core::Result<Document> ParseDocument(std::string text, policy::PolicyKind kind,
                                     const policy::ParseOptions& options) {
  TARN_ASSIGN_OR_RETURN(policy::PolicyPtr compiled, policy::Policy::Parse(text, kind, options));
  return Document{std::move(text), std::move(compiled)};
}

}  // namespace tarn::iam
