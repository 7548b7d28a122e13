// Lambda tags on functions: TagResource, UntagResource and ListTags (REST-JSON /2017-03-31/tags/{ARN}).
// A function keeps its tags in its record (CreateFunction's Tags), so GetFunction shows what these
// set. https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html
#include <boost/json/value.hpp>

#include "core/arn.h"
#include "lambda/errors.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {
namespace json = boost::json;

namespace {

// "You can add up to 50 tags to a function"
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html).
constexpr size_t kMaxTags = 50;

// The function a Resource ARN names, in the caller's account and region. Versions and aliases take no
// tags of their own; mappings and other resource types are not taggable here.
core::Result<std::string> TaggedFunction(const net::Call& call) {
  std::string arn = GetString(call.input, "Resource").value_or("");
  auto parsed = core::Arn::Parse(arn);
  if (!parsed || parsed->service != "lambda" || !parsed->resource.starts_with("function:"))
    return InvalidParameterValue("Invalid ARN: " + arn + " is not a Lambda function ARN.");
  FunctionRef ref = ParseFunctionName(arn);
  if (!ref.qualifier.empty())
    return InvalidParameterValue(
        "Tags on function aliases and versions are not supported. Please specify a function ARN.");
  if (parsed->account_id != call.context.account_id || parsed->region != call.context.region)
    return FunctionNotFound(arn);
  return ref.name;
}

}  // namespace

core::Result<net::Output> Service::TagResource(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string name, TaggedFunction(call));
  const json::value* tags = call.input.if_contains("Tags");
  // Lambda's own (unhelpful) words for a TagResource without tags.
  if (!tags || !tags->is_object() || tags->get_object().empty())
    return InvalidParameterValue("An error occurred and the request cannot be processed.");
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(FunctionRecord r, impl_->Load(call.context, name));
  json::object merged = r.tags;
  if (tags && tags->is_object()) {
    for (const auto& [key, value] : tags->get_object()) {
      if (key.empty() || key.size() > 128 || !value.is_string() || value.get_string().size() > 256)
        return InvalidParameterValue("Tag keys must be 1 to 128 characters and values at most 256.");
      if (key.starts_with("aws:")) return InvalidParameterValue("Tag keys may not begin with \"aws:\".");
      merged[key] = value;
    }
  }
  if (merged.size() > kMaxTags) return InvalidParameterValue("Number of tags exceeds resource tag limit.");
  r.tags = std::move(merged);
  TARN_TRY(impl_->store.Put(r));
  return net::Output{};  // 204, the operation's response code
}

core::Result<net::Output> Service::UntagResource(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string name, TaggedFunction(call));
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(FunctionRecord r, impl_->Load(call.context, name));
  if (const auto* keys = call.input.if_contains("TagKeys"); keys && keys->is_array()) {
    for (const json::value& key : keys->get_array())
      if (key.is_string()) r.tags.erase(key.get_string());
  }
  TARN_TRY(impl_->store.Put(r));
  return net::Output{};  // 204, the operation's response code
}

core::Result<net::Output> Service::ListTags(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string name, TaggedFunction(call));
  TARN_ASSIGN_OR_RETURN(FunctionRecord r, impl_->Load(call.context, name));
  net::Output out;
  out.json["Tags"] = r.tags;
  return out;
}

}  // namespace tarn::lambda
