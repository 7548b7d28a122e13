// Java toString of BatchWriteItem's request objects (dynamodb_echo.h).

#include "protocol/dynamodb_echo.h"

#include <array>
#include <boost/json.hpp>
#include <string_view>

#include "core/encoding.h"
#include "protocol/validate.h"

namespace tarn::protocol {
namespace {

namespace json = boost::json;

// AttributeValue's members in the order the capture prints them (the service's own, with its internal
// numeric variants), each with the wire member that fills it.
struct AttributeMember {
  std::string_view printed;
  std::string_view wire;
};
constexpr std::array<AttributeMember, 16> kAttributeMembers = {{{"s", "S"},
                                                                {"n", "N"},
                                                                {"b", "B"},
                                                                {"iNT", ""},
                                                                {"dECIMAL", ""},
                                                                {"dOUBLE", ""},
                                                                {"sS", "SS"},
                                                                {"nS", "NS"},
                                                                {"bS", "BS"},
                                                                {"iNTSET", ""},
                                                                {"dECIMALSET", ""},
                                                                {"dOUBLESET", ""},
                                                                {"m", "M"},
                                                                {"l", "L"},
                                                                {"nULL", "NULL"},
                                                                {"bOOL", "BOOL"}}};

void AppendAttributeValue(std::string& out, const json::value& v);

// java.nio.HeapByteBuffer's toString: position, limit and capacity of the decoded bytes.
void AppendBytes(std::string& out, const json::value& v) {
  if (!v.is_string()) return out.append(ValueText(v)), void();
  auto bytes = core::Base64Decode(v.get_string());
  const std::string size = std::to_string(bytes ? bytes->size() : 0);
  out += "java.nio.HeapByteBuffer[pos=0 lim=" + size + " cap=" + size + "]";
}

void AppendMember(std::string& out, std::string_view wire, const json::value& v) {
  if (wire == "B") return AppendBytes(out, v);
  if (wire == "M" && v.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [name, child] : v.get_object()) {
      out += first ? "" : ", ";
      first = false;
      out.append(name).append("=");
      AppendAttributeValue(out, child);
    }
    out += '}';
    return;
  }
  if ((wire == "L" || wire == "BS") && v.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& child : v.get_array()) {
      out += first ? "" : ", ";
      first = false;
      if (wire == "L")
        AppendAttributeValue(out, child);
      else
        AppendBytes(out, child);
    }
    out += ']';
    return;
  }
  out += ValueText(v);
}

void AppendAttributeValue(std::string& out, const json::value& v) {
  const json::object* o = v.if_object();
  if (!o) return out.append(ValueText(v)), void();
  out += "AttributeValue(";
  for (size_t i = 0; i < kAttributeMembers.size(); ++i) {
    const AttributeMember& m = kAttributeMembers[i];
    out += i ? ", " : "";
    out.append(m.printed).append("=");
    const json::value* given = m.wire.empty() ? nullptr : o->if_contains(m.wire);
    if (given && !given->is_null())
      AppendMember(out, m.wire, *given);
    else
      out += "null";
  }
  out += ')';
}

void AppendItem(std::string& out, const json::value* item) {
  if (!item || !item->is_object()) return out.append(item ? ValueText(*item) : "null"), void();
  AppendMember(out, "M", *item);
}

// PutRequest(item=..., workloadProfileName=null) or DeleteRequest(key=..., workloadProfileName=null):
// the capture shows a PutRequest; a DeleteRequest is printed alike.
// member: the wire name ("Item"), printed: the object's field name ("item").
void AppendRequest(std::string& out, const json::value* request, std::string_view type,
                   std::string_view member, std::string_view printed) {
  const json::object* o = request ? request->if_object() : nullptr;
  if (!o) return out.append("null"), void();
  out.append(type).append("(").append(printed).append("=");
  AppendItem(out, o->if_contains(member));
  out += ", workloadProfileName=null)";
}

}  // namespace

std::string DynamoDbWriteRequestsText(const json::object& request_items) {
  std::string out = "{";
  bool first_table = true;
  for (const auto& [table, requests] : request_items) {
    out += first_table ? "" : ", ";
    first_table = false;
    out.append(table).append("=");
    const json::array* list = requests.if_array();
    if (!list) {
      out += ValueText(requests);
      continue;
    }
    out += '[';
    for (size_t i = 0; i < list->size(); ++i) {
      const json::object* r = (*list)[i].if_object();
      out += i ? ", " : "";
      out += "WriteRequest(putRequest=";
      AppendRequest(out, r ? r->if_contains("PutRequest") : nullptr, "PutRequest", "Item", "item");
      out += ", deleteRequest=";
      AppendRequest(out, r ? r->if_contains("DeleteRequest") : nullptr, "DeleteRequest", "Key", "key");
      out += ')';
    }
    out += ']';
  }
  return out + "}";
}

}  // namespace tarn::protocol
