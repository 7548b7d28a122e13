#pragma once
// FunctionRecord: one function version as stored in RocksDB family "lambda" (JSON values;
// docs/storage-formats.md): $LATEST under "function/<account>/<region>/<name>", each published
// version under "version/<account>/<region>/<name>/<number, 10 digits>" (an immutable copy of
// $LATEST at PublishVersion), and its FunctionConfiguration shape as Lambda returns it.
// FunctionStore reads and writes them, the function's aliases ("alias/.../<name>/<alias>") and its
// per-qualifier settings: resource-based policies ("policy/.../<name>/<qualifier, empty for the
// function>") and asynchronous invocation configs ("event-invoke-config/.../<name>/<qualifier>").
// Pure values; FunctionStore is thread-safe (callers serialize read-modify-write per function).

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "lambda/alias_record.h"
#include "storage/rocks.h"

namespace tarn::lambda {

inline constexpr int kDefaultTimeoutSeconds = 3;
inline constexpr int kMaxTimeoutSeconds = 900;
inline constexpr int kDefaultMemoryMb = 128;
inline constexpr std::string_view kLatest = "$LATEST";

struct FunctionRecord {
  std::string account_id;
  std::string region;
  std::string name;
  std::string runtime;
  std::string handler;
  std::string role;
  std::string description;
  int timeout = kDefaultTimeoutSeconds;
  int memory_size = kDefaultMemoryMb;
  boost::json::object environment;  // Variables
  boost::json::object tags;
  std::string code_sha256;  // base64
  std::string code_hex;     // TaskRoot directory name
  uint64_t code_size = 0;
  std::string last_modified;  // "2019-09-24T18:16:33.650+0000"
  std::string revision_id;
  std::optional<int> reserved_concurrency;
  std::string version = std::string(kLatest);  // "$LATEST" or the published version's number
  // $LATEST only: the number of the last version published (numbers are never reused) and the
  // RevisionId $LATEST had right after it, so an unchanged function publishes nothing new.
  uint64_t last_version = 0;
  std::string published_revision;

  bool latest() const { return version == kLatest; }
  // The unqualified function ARN.
  std::string Arn() const;
  // The ARN of this version: unqualified for $LATEST, "<arn>:<number>" for a published version.
  std::string VersionArn() const;
  std::string LogGroup() const { return "/aws/lambda/" + name; }
  // FunctionConfiguration (GetFunctionConfiguration, CreateFunction, ...); State Active and
  // LastUpdateStatus Successful: packages are unzipped before the call returns. FunctionArn is
  // VersionArn(), or the function ARN qualified by `qualifier` (the alias or "$LATEST" a caller
  // named) when one is given.
  boost::json::object Configuration(std::string_view qualifier = {}) const;
  boost::json::object ToJson() const;
  static core::Result<FunctionRecord> FromJson(std::string_view text);
};

std::string FunctionArn(std::string_view region, std::string_view account, std::string_view name);
// Lambda's LastModified: ISO 8601 with milliseconds and a +0000 offset.
std::string FormatLastModified(core::TimePoint t);

class FunctionStore {
 public:
  explicit FunctionStore(storage::Rocks& rocks);
  core::Result<std::optional<FunctionRecord>> Get(std::string_view account, std::string_view region,
                                                  std::string_view name) const;
  // $LATEST.
  core::Status Put(const FunctionRecord& record);
  // The function with its versions and aliases, in one batch, durable on return (its code
  // directory is removed next).
  core::Status Delete(const FunctionRecord& record);

  // --- Published versions ---
  core::Result<std::optional<FunctionRecord>> GetVersion(std::string_view account, std::string_view region,
                                                         std::string_view name, uint64_t number) const;
  // The new version and $LATEST (its last_version, published_revision), in one batch.
  core::Status Publish(const FunctionRecord& latest, const FunctionRecord& version);
  core::Status DeleteVersion(const FunctionRecord& version);
  // The published versions of a function, in number order.
  core::Result<std::vector<FunctionRecord>> ListVersions(std::string_view account, std::string_view region,
                                                         std::string_view name) const;

  // --- Aliases ---
  core::Result<std::optional<AliasRecord>> GetAlias(std::string_view account, std::string_view region,
                                                    std::string_view function, std::string_view alias) const;
  core::Status PutAlias(const AliasRecord& alias);
  core::Status DeleteAlias(const AliasRecord& alias);
  // The aliases of a function, in name order.
  core::Result<std::vector<AliasRecord>> ListAliases(std::string_view account, std::string_view region,
                                                     std::string_view function) const;

  // --- Per-qualifier settings, as JSON text: kPolicy (AddPermission's policy document) and
  // kEventInvokeConfig (PutFunctionEventInvokeConfig). Qualifier "" is the function itself.
  enum class Setting { kPolicy, kEventInvokeConfig };
  core::Result<std::optional<std::string>> GetSetting(Setting setting, std::string_view account,
                                                      std::string_view region, std::string_view function,
                                                      std::string_view qualifier) const;
  // An empty document deletes the setting.
  core::Status PutSetting(Setting setting, std::string_view account, std::string_view region,
                          std::string_view function, std::string_view qualifier, std::string_view document);
  // The function's settings of one kind: (qualifier, document), in qualifier order.
  core::Result<std::vector<std::pair<std::string, std::string>>> ListSettings(
      Setting setting, std::string_view account, std::string_view region, std::string_view function) const;
  // Functions of the account's region in name order, starting after `after`, at most limit.
  core::Result<std::vector<FunctionRecord>> List(std::string_view account, std::string_view region,
                                                 std::string_view after, size_t limit) const;

 private:
  storage::Rocks& rocks_;
  storage::ColumnFamily& cf_;
};

}  // namespace tarn::lambda
