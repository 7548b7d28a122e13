// The DynamoDB condition keys IAM policies test, read from a request before it runs:
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-policy-keys
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
// dynamodb:LeadingKeys is the partition key value of the item(s) a request reads or writes: Key or
// Item for single-item operations, the partition key equality of a Query's key condition
// (KeyConditionExpression or the legacy KeyConditions). Values are the key's text (numbers as
// sent, binary as base64). Batch operations carry no LeadingKeys (several tables at once).
#include <algorithm>
#include <cctype>
#include <set>

#include "core/arn.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/table_catalog.h"
#include "net/tag_condition_keys.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

std::optional<std::string> ScalarText(const json::value* av) {
  if (!av || !av->is_object()) return std::nullopt;
  for (const char* type : {"S", "N", "B"}) {
    if (const auto* v = av->get_object().if_contains(type); v && v->is_string())
      return std::string(v->get_string());
  }
  return std::nullopt;
}

const json::object* ObjectMember(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// The value a KeyConditionExpression gives the partition key: the `name = :value` (or reversed)
// term whose name (directly or through ExpressionAttributeNames) is the partition key.
std::optional<std::string> PartitionValueOf(const json::object& input, const std::string& hash_key) {
  const auto* expression = input.if_contains("KeyConditionExpression");
  if (!expression || !expression->is_string()) return std::nullopt;
  std::string text(expression->get_string());
  const json::object* names = ObjectMember(input, "ExpressionAttributeNames");
  const json::object* values = ObjectMember(input, "ExpressionAttributeValues");
  if (!values) return std::nullopt;
  auto resolve = [&](const std::string& operand) -> std::string {
    if (operand.starts_with("#") && names) {
      if (const auto* n = names->if_contains(operand); n && n->is_string())
        return std::string(n->get_string());
    }
    return operand;
  };
  // Split at AND (any case), then look for "a = b" terms.
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  size_t start = 0;
  while (start <= text.size()) {
    size_t and_at = upper.find(" AND ", start);
    std::string term = text.substr(start, and_at == std::string::npos ? std::string::npos : and_at - start);
    size_t eq = term.find('=');
    if (eq != std::string::npos && term.find_first_of("<>") == std::string::npos) {
      std::string left = Trim(term.substr(0, eq)), right = Trim(term.substr(eq + 1));
      while (!left.empty() && left.front() == '(') left.erase(0, 1);
      while (!right.empty() && right.back() == ')') right.pop_back();
      if (resolve(left) == hash_key && right.starts_with(":")) return ScalarText(values->if_contains(right));
      if (resolve(right) == hash_key && left.starts_with(":")) return ScalarText(values->if_contains(left));
    }
    if (and_at == std::string::npos) break;
    start = and_at + 5;
  }
  return std::nullopt;
}

}  // namespace

void Service::AddResourceTagsOf(const net::Call& call, std::string_view name,
                                net::AuthorizationExtras& extras) const {
  auto table = FindTable(call, name);
  if (!table.ok() || !*table || (*table)->tags.empty()) return;
  // Keyed by the resource ARN exactly as the operation's resource function names it.
  net::AddResourceTags(extras, name.starts_with("arn:") ? std::string(name) : (*table)->Arn(),
                       (*table)->tags);
}

net::AuthorizationExtras Service::ConditionKeysOf(const net::Call& call) const {
  net::AuthorizationExtras extras;
  const json::object& input = call.input;
  for (const char* key : {"Select", "ReturnValues", "ReturnConsumedCapacity"}) {
    if (const auto* v = input.if_contains(key); v && v->is_string())
      extras.condition_keys.push_back({std::string("dynamodb:") + key, {std::string(v->get_string())}});
  }
  const std::string& op = call.context.operation;
  // Tags the request sets or removes, and the tags of the table(s) it acts on.
  if (op == "CreateTable" || op == "TagResource")
    net::AddRequestTags(extras, net::TagsOf(input.if_contains("Tags")));
  if (op == "UntagResource") net::AddTagKeys(extras, net::TagKeysOf(input.if_contains("TagKeys")));
  if (const auto* arn = input.if_contains("ResourceArn"); arn && arn->is_string()) {
    auto parsed = core::Arn::Parse(arn->get_string());
    if (parsed && parsed->resource.starts_with("table/")) {
      auto table = FindTable(call, arn->get_string());
      if (table.ok() && *table) net::AddResourceTags(extras, std::string(arn->get_string()), (*table)->tags);
    }
  }
  if (const auto* items = ObjectMember(input, "RequestItems")) {
    for (const auto& [name, _] : *items) AddResourceTagsOf(call, name, extras);
  }
  if (const auto* items = input.if_contains("TransactItems"); items && items->is_array()) {
    std::set<std::string_view> tables;
    for (const auto& entry : items->get_array()) {
      if (!entry.is_object()) continue;
      for (const auto& [_, spec] : entry.get_object()) {
        const auto* name = spec.is_object() ? spec.get_object().if_contains("TableName") : nullptr;
        if (name && name->is_string() && tables.insert(name->get_string()).second)
          AddResourceTagsOf(call, name->get_string(), extras);
      }
    }
  }
  const auto* table_name = input.if_contains("TableName");
  if (!table_name || !table_name->is_string()) return extras;
  if (op != "CreateTable") AddResourceTagsOf(call, table_name->get_string(), extras);
  if (op != "GetItem" && op != "PutItem" && op != "UpdateItem" && op != "DeleteItem" && op != "Query")
    return extras;
  auto table = FindTable(call, table_name->get_string());
  if (!table.ok() || !*table) return extras;
  const std::string& hash_key = (*table)->key_schema.hash.name;
  std::optional<std::string> leading;
  if (op == "PutItem") {
    if (const auto* item = ObjectMember(input, "Item")) leading = ScalarText(item->if_contains(hash_key));
  } else if (op == "Query") {
    leading = PartitionValueOf(input, hash_key);
    if (!leading) {
      if (const auto* conditions = ObjectMember(input, "KeyConditions")) {
        if (const auto* c = ObjectMember(*conditions, hash_key)) {
          const auto* list = c->if_contains("AttributeValueList");
          if (list && list->is_array() && !list->get_array().empty())
            leading = ScalarText(&list->get_array()[0]);
        }
      }
    }
  } else if (const auto* key = ObjectMember(input, "Key")) {
    leading = ScalarText(key->if_contains(hash_key));
  }
  if (leading) extras.condition_keys.push_back({"dynamodb:LeadingKeys", {*leading}});
  return extras;
}

}  // namespace tarn::dynamodb
