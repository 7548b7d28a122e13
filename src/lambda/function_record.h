#pragma once
// FunctionRecord: one function ($LATEST) as stored in RocksDB family "lambda" under
// "function/<account>/<region>/<name>" (JSON value; docs/storage-formats.md), and its
// FunctionConfiguration shape as Lambda returns it. FunctionStore reads and writes records.
// Pure values; FunctionStore is thread-safe (callers serialize read-modify-write per function).

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "storage/rocks.h"

namespace tarn::lambda {

inline constexpr int kDefaultTimeoutSeconds = 3;
inline constexpr int kMaxTimeoutSeconds = 900;
inline constexpr int kDefaultMemoryMb = 128;

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

  std::string Arn() const;
  std::string LogGroup() const { return "/aws/lambda/" + name; }
  // FunctionConfiguration (GetFunctionConfiguration, CreateFunction, ...); State Active and
  // LastUpdateStatus Successful: packages are unzipped before the call returns.
  boost::json::object Configuration() const;
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
  core::Status Put(const FunctionRecord& record);
  core::Status Delete(const FunctionRecord& record);
  // Functions of the account's region in name order, starting after `after`, at most limit.
  core::Result<std::vector<FunctionRecord>> List(std::string_view account, std::string_view region,
                                                 std::string_view after, size_t limit) const;

 private:
  storage::Rocks& rocks_;
  storage::ColumnFamily& cf_;
};

}  // namespace tarn::lambda
