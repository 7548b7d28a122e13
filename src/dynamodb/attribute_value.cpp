// AttributeValue wire form. Validation order and message wording follow DynamoDB as recorded by
// dynalite (mhart/dynalite validations/index.js: checkTypes for SerializationException,
// validateAttributeValue for ValidationException), whose tests were run against real DynamoDB.

#include "dynamodb/attribute_value.h"

#include <algorithm>
#include <boost/json/array.hpp>

#include "core/encoding.h"
#include "dynamodb/errors.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

constexpr char kInvalid[] = "One or more parameter values were invalid: ";

// --- pass 1: JSON types (SerializationException) -------------------------------------------

enum class Shape { kString, kBlob, kBoolean, kAttributeValue, kMap, kList, kStringList, kBlobList };

std::optional<Shape> MemberShape(std::string_view name) {
  if (name == "S" || name == "N") return Shape::kString;
  if (name == "B") return Shape::kBlob;
  if (name == "BOOL" || name == "NULL") return Shape::kBoolean;
  if (name == "M") return Shape::kMap;
  if (name == "L") return Shape::kList;
  if (name == "SS" || name == "NS") return Shape::kStringList;
  if (name == "BS") return Shape::kBlobList;
  return std::nullopt;
}

// The deserializer's message for a JSON object/array where a scalar was expected.
std::optional<core::AwsError> ContainerWhereScalar(const json::value& v) {
  if (v.is_array()) return SerializationException("Start of list found where not expected");
  if (v.is_object()) return SerializationException("Start of structure or map found where not expected.");
  return std::nullopt;
}

std::string JavaClassOf(const json::value& v) {
  if (v.is_bool()) return "class java.lang.Boolean";
  if (v.is_string()) return "class java.lang.String";
  return "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
}

core::Status CheckBlob(const json::value& v) {
  if (auto e = ContainerWhereScalar(v)) return *e;
  if (!v.is_string()) return SerializationException(JavaClassOf(v) + " can not be converted to a Blob");
  std::string_view s = v.get_string();
  std::string prefix = "'" + std::string(s) + "' can not be converted to a Blob: ";
  if (s.size() % 4 != 0) {
    return SerializationException(
        prefix +
        "Base64 encoded length is expected a multiple of 4 bytes but found: " + std::to_string(s.size()));
  }
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
              c == '/' || (c == '=' && (i + 1 == s.size() || s[i + 1] == '='));
    if (!ok) return SerializationException(prefix + "Invalid Base64 character: '" + std::string(1, c) + "'");
  }
  if (!core::Base64Decode(s) || !core::Base64UnusedBitsZero(s)) {
    // [sic] "dectected": DynamoDB's wording, as dynalite records it.
    return SerializationException(prefix + "Invalid last non-pad Base64 character dectected");
  }
  return core::Ok();
}

core::Status CheckAttributeValueShape(const json::value& v);

core::Status CheckShape(const json::value& v, Shape shape) {
  if (v.is_null()) return core::Ok();
  switch (shape) {
    case Shape::kString:
      if (auto e = ContainerWhereScalar(v)) return *e;
      if (!v.is_string())
        return SerializationException(JavaClassOf(v) + " can not be converted to an String");
      return core::Ok();
    case Shape::kBlob:
      return CheckBlob(v);
    case Shape::kBoolean:
      if (auto e = ContainerWhereScalar(v)) return *e;
      if (v.is_string()) {
        std::string upper(v.get_string());
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return std::toupper(c); });
        return SerializationException("'" + upper + "' can not be converted to an Boolean");
      }
      if (!v.is_bool()) return SerializationException(JavaClassOf(v) + " can not be converted to an Boolean");
      return core::Ok();
    case Shape::kAttributeValue:
      return CheckAttributeValueShape(v);
    case Shape::kMap:
      if (v.is_array()) return SerializationException("Start of list found where not expected");
      if (!v.is_object()) return SerializationException("Expected map or null");
      for (const auto& member : v.get_object()) TARN_TRY(CheckAttributeValueShape(member.value()));
      return core::Ok();
    case Shape::kList:
    case Shape::kStringList:
    case Shape::kBlobList: {
      if (v.is_object()) return SerializationException("Start of structure or map found where not expected.");
      if (!v.is_array()) return SerializationException("Expected list or null");
      Shape member_shape = shape == Shape::kList         ? Shape::kAttributeValue
                           : shape == Shape::kStringList ? Shape::kString
                                                         : Shape::kBlob;
      for (const auto& member : v.get_array()) TARN_TRY(CheckShape(member, member_shape));
      return core::Ok();
    }
  }
  return core::Ok();
}

core::Status CheckAttributeValueShape(const json::value& v) {
  if (v.is_null()) return core::Ok();
  if (v.is_array()) return SerializationException("Start of list found where not expected");
  if (!v.is_object()) return SerializationException("Expected null");
  for (const auto& member : v.get_object()) {
    if (auto shape = MemberShape(member.key())) TARN_TRY(CheckShape(member.value(), *shape));
  }
  return core::Ok();
}

// --- pass 2: values (ValidationException) --------------------------------------------------

std::string JoinMembers(const json::array& members) {
  std::string out = "[";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ", ";
    out += members[i].is_string() ? std::string(members[i].get_string()) : "null";
  }
  return out + "]";
}

// The members of a set with a repeat, as the current layer lists them (number.h, ValueLayer): the
// distinct members before the first repeat in byte order (`order` gives each member's bytes), then
// the repeat, then the rest as sent, each quoted, joined by `separator`. Nullopt without a repeat.
std::optional<std::string> CurrentDuplicateList(const std::vector<std::string>& sent,
                                                const std::vector<std::string>& order,
                                                std::string_view separator) {
  std::vector<size_t> seen;  // indexes into sent, kept sorted by order[]
  for (size_t i = 0; i < sent.size(); ++i) {
    auto at = std::lower_bound(seen.begin(), seen.end(), i,
                               [&](size_t a, size_t b) { return order[a] < order[b]; });
    if (at == seen.end() || order[*at] != order[i]) {
      seen.insert(at, i);
      continue;
    }
    std::vector<size_t> listed = seen;
    for (size_t j = i; j < sent.size(); ++j) listed.push_back(j);
    std::string out = "[";
    for (size_t k = 0; k < listed.size(); ++k) {
      if (k > 0) out += separator;
      out += "\"" + sent[listed[k]] + "\"";
    }
    return out + "]";
  }
  return std::nullopt;
}

bool HasDuplicate(std::vector<std::string> sorted) {
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
}

core::Result<AttributeValue> BuildStringSet(const json::array& members, ValueLayer layer) {
  if (members.empty()) return ValidationException(std::string(kInvalid) + "An string set  may not be empty");
  std::vector<std::string> out;
  for (const auto& m : members) {
    if (m.is_null()) {
      return ValidationException(std::string(kInvalid) +
                                 "An string set may not have a null string as a member");
    }
    out.emplace_back(m.get_string());
  }
  if (layer != ValueLayer::kLegacy) {
    if (auto listed = CurrentDuplicateList(out, out, ", "))
      return ValidationException(std::string(kInvalid) + "Input collection " + *listed +
                                 " contains duplicates.");
  } else if (HasDuplicate(out)) {
    return ValidationException(std::string(kInvalid) + "Input collection " + JoinMembers(members) +
                               " contains duplicates.");
  }
  return AttributeValue::SS(std::move(out));
}

core::Result<AttributeValue> BuildNumberSet(const json::array& members, ValueLayer layer) {
  if (members.empty()) return ValidationException(std::string(kInvalid) + "An number set  may not be empty");
  std::vector<Number> out;
  for (const auto& m : members) {
    TARN_ASSIGN_OR_RETURN(Number n,
                          Number::Parse(m.is_string() ? std::string_view(m.get_string()) : "", layer));
    out.push_back(std::move(n));
  }
  std::vector<Number> sorted = out;
  std::sort(sorted.begin(), sorted.end());
  // Duplicates by value ("1" and "1.0"). Neither layer names the members; the legacy one's wording
  // has no prefix and no period.
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    if (layer != ValueLayer::kLegacy)
      return ValidationException(std::string(kInvalid) + "Input collection contains duplicates.");
    return ValidationException("Input collection contains duplicates");
  }
  return AttributeValue::NS(std::move(out));
}

core::Result<AttributeValue> BuildBinarySet(const json::array& members, ValueLayer layer) {
  if (members.empty()) return ValidationException(std::string(kInvalid) + "Binary sets should not be empty");
  std::vector<std::string> out;
  std::vector<std::string> sent;
  for (const auto& m : members) {
    if (m.is_null()) {
      return ValidationException(std::string(kInvalid) + "Binary sets may not contain null or empty values");
    }
    out.push_back(*core::Base64Decode(m.get_string()));  // pass 1 checked it
    sent.emplace_back(m.get_string());
  }
  // [sic] no space before "of" in either layer; the current one also has none after the commas.
  if (layer != ValueLayer::kLegacy) {
    if (auto listed = CurrentDuplicateList(sent, out, ","))
      return ValidationException(std::string(kInvalid) + "Input collection " + *listed +
                                 "of type BS contains duplicates.");
  } else if (HasDuplicate(out)) {
    return ValidationException(std::string(kInvalid) + "Input collection " + JoinMembers(members) +
                               "of type BS contains duplicates.");
  }
  return AttributeValue::BS(std::move(out));
}

// depth: the level of v, an attribute being level 1; max_levels: the deepest level allowed.
core::Result<AttributeValue> Build(const json::value& v, int depth, int max_levels, ValueLayer layer);

core::Result<AttributeValue> BuildMember(std::string_view type, const json::value& v, int depth,
                                         int max_levels, ValueLayer layer) {
  if (type == "S") return AttributeValue::S(std::string(v.get_string()));
  if (type == "N") {
    TARN_ASSIGN_OR_RETURN(Number n, Number::Parse(v.get_string(), layer));
    return AttributeValue::N(std::move(n));
  }
  if (type == "B") return AttributeValue::B(*core::Base64Decode(v.get_string()));
  if (type == "BOOL") return AttributeValue::Bool(v.get_bool());
  if (type == "NULL") {
    if (!v.get_bool()) {
      return ValidationException(std::string(kInvalid) +
                                 "Null attribute value types must have the value of true");
    }
    return AttributeValue::Null();
  }
  if (type == "SS") return BuildStringSet(v.get_array(), layer);
  if (type == "NS") return BuildNumberSet(v.get_array(), layer);
  if (type == "BS") return BuildBinarySet(v.get_array(), layer);
  if (type == "M") {
    AttributeMap map;
    for (const auto& member : v.get_object()) {
      TARN_ASSIGN_OR_RETURN(AttributeValue child, Build(member.value(), depth + 1, max_levels, layer));
      map.insert_or_assign(std::string(member.key()), std::move(child));
    }
    return AttributeValue::M(std::move(map));
  }
  AttributeList list;  // "L"
  for (const auto& member : v.get_array()) {
    TARN_ASSIGN_OR_RETURN(AttributeValue child, Build(member, depth + 1, max_levels, layer));
    list.push_back(std::move(child));
  }
  return AttributeValue::L(std::move(list));
}

core::Result<AttributeValue> Build(const json::value& v, int depth, int max_levels, ValueLayer layer) {
  if (depth > max_levels) return NestingLevelsExceeded();
  std::optional<AttributeValue> result;
  int types = 0;
  if (v.is_object()) {
    for (const auto& member : v.get_object()) {
      if (member.value().is_null() || !MemberShape(member.key())) continue;
      ++types;
      TARN_ASSIGN_OR_RETURN(AttributeValue built,
                            BuildMember(member.key(), member.value(), depth, max_levels, layer));
      if (!result) result = std::move(built);
    }
  }
  if (types == 0) {
    return ValidationException(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (types > 1) {
    return ValidationException(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
        "datatypes");
  }
  return std::move(*result);
}

template <class T>
std::vector<T> SortedUnique(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::string_view AttributeTypeName(AttributeType type) {
  static constexpr std::string_view kNames[] = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"};
  return kNames[static_cast<size_t>(type)];
}

AttributeValue AttributeValue::SS(std::vector<std::string> members) {
  return AttributeValue(Variant(StringSet{SortedUnique(std::move(members))}));
}
AttributeValue AttributeValue::NS(std::vector<Number> members) {
  return AttributeValue(Variant(NumberSet{SortedUnique(std::move(members))}));
}
AttributeValue AttributeValue::BS(std::vector<std::string> members) {
  return AttributeValue(Variant(BinarySet{SortedUnique(std::move(members))}));
}

core::Result<AttributeValue> AttributeValue::FromJson(const json::value& v, ValueLayer layer) {
  TARN_TRY(CheckAttributeValueShape(v));
  return Build(v, 1, kMaxNestingDepth, layer);
}

json::value AttributeValue::ToJson(const json::storage_ptr& storage) const {
  json::object out(storage);
  std::string_view name = AttributeTypeName(type());
  switch (type()) {
    case AttributeType::kS:
      out[name] = s();
      break;
    case AttributeType::kN:
      out[name] = n().ToString();
      break;
    case AttributeType::kB:
      out[name] = core::Base64Encode(b());
      break;
    case AttributeType::kBOOL:
      out[name] = boolean();
      break;
    case AttributeType::kNULL:
      out[name] = true;
      break;
    case AttributeType::kM:
      out[name] = ItemToJson(m(), storage);
      break;
    case AttributeType::kL: {
      json::array arr(storage);
      for (const auto& e : l()) arr.push_back(e.ToJson(storage));
      out[name] = std::move(arr);
      break;
    }
    case AttributeType::kSS:
    case AttributeType::kBS: {
      json::array arr(storage);
      for (const auto& e : type() == AttributeType::kSS ? ss() : bs()) {
        arr.emplace_back(type() == AttributeType::kSS ? e : core::Base64Encode(e));
      }
      out[name] = std::move(arr);
      break;
    }
    case AttributeType::kNS: {
      json::array arr(storage);
      for (const auto& e : ns()) arr.emplace_back(e.ToString());
      out[name] = std::move(arr);
      break;
    }
  }
  return out;
}

std::optional<std::strong_ordering> Compare(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case AttributeType::kS:
      return a.s().compare(b.s()) <=> 0;  // char_traits<char> compares as unsigned char
    case AttributeType::kN:
      return a.n() <=> b.n();
    case AttributeType::kB:
      return a.b().compare(b.b()) <=> 0;
    default:
      return std::nullopt;
  }
}

core::Result<Item> ItemFromJson(const json::value& v, ValueLayer layer, int max_levels) {
  if (v.is_null()) return Item();
  if (v.is_array()) return SerializationException("Start of list found where not expected");
  if (!v.is_object()) return SerializationException("Expected map or null");
  for (const auto& member : v.get_object()) TARN_TRY(CheckAttributeValueShape(member.value()));
  Item item;
  for (const auto& member : v.get_object()) {
    TARN_ASSIGN_OR_RETURN(AttributeValue value, Build(member.value(), 1, max_levels, layer));
    item.insert_or_assign(std::string(member.key()), std::move(value));
  }
  return item;
}

namespace {
int Levels(const AttributeValue& v) {
  int deepest = 0;
  if (v.is(AttributeType::kM))
    for (const auto& [name, child] : v.m()) deepest = std::max(deepest, Levels(child));
  if (v.is(AttributeType::kL))
    for (const auto& child : v.l()) deepest = std::max(deepest, Levels(child));
  return deepest + 1;
}
}  // namespace

int NestingLevels(const Item& item) {
  int deepest = 0;
  for (const auto& [name, value] : item) deepest = std::max(deepest, Levels(value));
  return deepest;
}

core::Status CheckAttributeNames(const json::value* item) {
  const json::object* o = item ? item->if_object() : nullptr;
  if (o && o->contains("")) return ValidationException("Empty attribute name");
  return core::Ok();
}

json::object ItemToJson(const Item& item, const json::storage_ptr& storage) {
  json::object out(storage);
  out.reserve(item.size());
  for (const auto& [name, value] : item) out[name] = value.ToJson(storage);
  return out;
}

}  // namespace tarn::dynamodb
