// Implements: CreateOpenIDConnectProvider, GetOpenIDConnectProvider, DeleteOpenIDConnectProvider,
// ListOpenIDConnectProviders, AddClientIDToOpenIDConnectProvider, RemoveClientIDFromOpenIDConnectProvider,
// UpdateOpenIDConnectProviderThumbprint, TagOpenIDConnectProvider, UntagOpenIDConnectProvider,
// ListOpenIDConnectProviderTags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html (and the pages
// of the others); messages as LocalStack's test_iam_oidc.py recorded them against AWS. A provider is
// kept for the templates that declare one (GitHub Actions' deploy roles); tarn verifies no web
// identity tokens.
#include <algorithm>
#include <boost/json/value_to.hpp>
#include <mutex>
#include <shared_mutex>

#include "iam/errors.h"
#include "iam/iam.h"
#include "iam/input.h"
#include "iam/store.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

constexpr std::string_view kKind = "oidc-provider";
constexpr size_t kMaxThumbprints = 5;
constexpr size_t kMaxClientIds = 100;
constexpr std::string_view kArnPrefix = "arn:aws:iam::";

// The URL without its scheme: the provider's key and the tail of its ARN.
std::string ProviderId(std::string_view url) {
  if (url.starts_with("https://")) url.remove_prefix(8);
  return std::string(url);
}

std::string ProviderArn(std::string_view id) {
  return std::string(kArnPrefix) + std::string(core::kDefaultAccountId) + ":oidc-provider/" + std::string(id);
}

// The provider an ARN names in this account ("" when the ARN names none).
std::string IdOfArn(std::string_view arn) {
  const std::string prefix = ProviderArn("");
  return arn.starts_with(prefix) ? std::string(arn.substr(prefix.size())) : std::string();
}

std::vector<std::string> StringList(const json::object& o, std::string_view field) {
  std::vector<std::string> out;
  if (const auto* list = o.if_contains(field); list && list->is_array())
    for (const auto& v : list->get_array())
      if (v.is_string()) out.emplace_back(v.get_string());
  return out;
}

json::array ToArray(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.push_back(json::value(item));
  return out;
}

core::Result<json::object*> NeedProvider(Store& store, std::string_view arn) {
  std::string id = IdOfArn(arn);
  json::object* provider = id.empty() ? nullptr : store.FindDocument(kKind, id);
  if (!provider) return NoSuchEntity("OpenIDConnect Provider not found for arn " + std::string(arn));
  return provider;
}

core::Status CheckThumbprints(const std::vector<std::string>& thumbprints) {
  if (thumbprints.size() > kMaxThumbprints)
    return InvalidInput("Thumbprint list must contain fewer than 5 entries.");
  return core::Ok();
}

// Applies `change` to a copy of the provider ARN names and stores it.
template <class Change>
core::Status ChangeProvider(Store& store, std::string_view arn, Change&& change) {
  TARN_ASSIGN_OR_RETURN(json::object * found, NeedProvider(store, arn));
  json::object provider = *found;
  TARN_TRY(change(provider));
  return store.PutDocument(kKind, IdOfArn(arn), std::move(provider));
}

}  // namespace

core::Result<net::Output> Service::CreateOpenIDConnectProvider(const net::Call& call) {
  std::string url = InputString(call, "Url");
  if (!url.starts_with("https://") || url.size() == 8)
    return ValidationError("Invalid Open ID Connect Provider URL");
  std::vector<std::string> thumbprints = InputStrings(call, "ThumbprintList");
  std::vector<std::string> client_ids = InputStrings(call, "ClientIDList");
  TARN_TRY(CheckThumbprints(thumbprints));
  if (client_ids.size() > kMaxClientIds)
    return LimitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: " +
                         std::to_string(kMaxClientIds));
  Tags tags;
  TARN_TRY(MergeTags(tags, InputTags(call)));
  const std::string id = ProviderId(url);
  std::unique_lock lock(store_->mutex());
  if (store_->FindDocument(kKind, id))
    return EntityAlreadyExists("Provider with url " + url + " already exists.");
  json::object provider;
  provider["Url"] = id;
  provider["ClientIDList"] = ToArray(client_ids);
  provider["ThumbprintList"] = ToArray(thumbprints);
  provider["CreateDate"] = Now();
  provider["Tags"] = TagsShape(tags);
  TARN_TRY(store_->PutDocument(kKind, id, std::move(provider)));
  net::Output out;
  out.json["OpenIDConnectProviderArn"] = ProviderArn(id);
  if (!tags.empty()) out.json["Tags"] = TagsShape(tags);
  return out;
}

core::Result<net::Output> Service::GetOpenIDConnectProvider(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(json::object * provider,
                        NeedProvider(*store_, InputString(call, "OpenIDConnectProviderArn")));
  net::Output out;
  for (const char* field : {"Url", "ClientIDList", "ThumbprintList", "CreateDate", "Tags"})
    if (const auto* v = provider->if_contains(field)) out.json[field] = *v;
  return out;
}

core::Result<net::Output> Service::DeleteOpenIDConnectProvider(const net::Call& call) {
  std::string arn = InputString(call, "OpenIDConnectProviderArn");
  std::unique_lock lock(store_->mutex());
  std::string id = IdOfArn(arn);
  if (id.empty() || !store_->FindDocument(kKind, id))
    return NoSuchEntity("OpenId connect Provider " + arn + " cannot be found.");
  TARN_TRY(store_->EraseDocument(kKind, id));
  return net::Output{};
}

core::Result<net::Output> Service::ListOpenIDConnectProviders(const net::Call&) {
  std::shared_lock lock(store_->mutex());
  json::array list;
  for (const auto& [_, provider] : store_->DocumentsOf(kKind))
    list.push_back(json::object{{"Arn", ProviderArn(json::value_to<std::string>(provider.at("Url")))}});
  net::Output out;
  out.json["OpenIDConnectProviderList"] = std::move(list);
  return out;
}

core::Result<net::Output> Service::AddClientIDToOpenIDConnectProvider(const net::Call& call) {
  std::string client_id = InputString(call, "ClientID");
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProvider(
      *store_, InputString(call, "OpenIDConnectProviderArn"), [&](json::object& provider) -> core::Status {
        std::vector<std::string> ids = StringList(provider, "ClientIDList");
        if (std::find(ids.begin(), ids.end(), client_id) != ids.end()) return core::Ok();
        if (ids.size() >= kMaxClientIds)
          return LimitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: " +
                               std::to_string(kMaxClientIds));
        ids.push_back(client_id);
        provider["ClientIDList"] = ToArray(ids);
        return core::Ok();
      }));
  return net::Output{};
}

core::Result<net::Output> Service::RemoveClientIDFromOpenIDConnectProvider(const net::Call& call) {
  std::string client_id = InputString(call, "ClientID");
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProvider(*store_, InputString(call, "OpenIDConnectProviderArn"),
                          [&](json::object& provider) -> core::Status {
                            std::vector<std::string> ids = StringList(provider, "ClientIDList");
                            std::erase(ids, client_id);
                            provider["ClientIDList"] = ToArray(ids);
                            return core::Ok();
                          }));
  return net::Output{};
}

core::Result<net::Output> Service::UpdateOpenIDConnectProviderThumbprint(const net::Call& call) {
  std::vector<std::string> thumbprints = InputStrings(call, "ThumbprintList");
  TARN_TRY(CheckThumbprints(thumbprints));
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProvider(*store_, InputString(call, "OpenIDConnectProviderArn"),
                          [&](json::object& provider) -> core::Status {
                            provider["ThumbprintList"] = ToArray(thumbprints);
                            return core::Ok();
                          }));
  return net::Output{};
}

core::Result<net::Output> Service::TagOpenIDConnectProvider(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProvider(*store_, InputString(call, "OpenIDConnectProviderArn"),
                          [&](json::object& provider) { return TagDocument(provider, call); }));
  return net::Output{};
}

core::Result<net::Output> Service::UntagOpenIDConnectProvider(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProvider(*store_, InputString(call, "OpenIDConnectProviderArn"),
                          [&](json::object& provider) { return UntagDocument(provider, call); }));
  return net::Output{};
}

core::Result<net::Output> Service::ListOpenIDConnectProviderTags(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(json::object * provider,
                        NeedProvider(*store_, InputString(call, "OpenIDConnectProviderArn")));
  net::Output out;
  TARN_TRY(PutTagsPage(call, TagsOf(*provider), out.json));
  return out;
}

}  // namespace tarn::iam
