#pragma once
// The fixed list of RocksDB column families, one per AWS service plus "meta" (format versions and
// other database-wide records) and RocksDB's mandatory "default". Names are in AWS's words; the
// layout of each family's keys is documented in docs/storage-formats.md. Constants only.

#include <array>
#include <string_view>

namespace tarn::storage {

// Rocks::Open creates any of these that are missing. A family found on disk but not listed here
// (written by a newer tarn) is opened too, so that its data survives and a downgrade can still start.
inline constexpr std::string_view kDefaultColumnFamily = "default";
inline constexpr std::string_view kMetaColumnFamily = "meta";
inline constexpr std::array<std::string_view, 15> kColumnFamilies = {
    kDefaultColumnFamily,
    kMetaColumnFamily,
    "iam",             // users, groups, roles, policies, access keys
    "sts",             // temporary credentials (AssumeRole, GetSessionToken)
    "dynamodb",        // table descriptions and items
    "streams",         // DynamoDB Streams change records, in sequence-number order per shard
    "s3",              // bucket and object metadata (object bytes live in objects/)
    "lambda",          // functions, versions, aliases, event source mappings
    "logs",            // CloudWatch Logs groups, streams and events
    "glue",            // Data Catalog databases/tables/partitions, jobs, job runs, triggers
    "athena",          // workgroups, query executions
    "cloudwatch",      // metric data and alarms
    "events",          // EventBridge buses, rules and targets
    "sns",             // topics and subscriptions
    "cloudformation",  // stacks and their resources
};

}  // namespace tarn::storage
