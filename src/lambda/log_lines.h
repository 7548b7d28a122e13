#pragma once
// The lines Lambda itself writes into a function's log stream around each invocation, and the
// stream's name (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html).
// Pure functions; thread-safe.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tarn::lambda {

// "2024/05/07/[$LATEST]<32 lowercase hex>" (the version: "$LATEST" or a number)
std::string LogStreamName(core::TimePoint now, std::string_view version, std::string_view hex32);
// "START RequestId: <id> Version: $LATEST"
std::string StartLine(std::string_view request_id, std::string_view version);
// "END RequestId: <id>"
std::string EndLine(std::string_view request_id);
// "REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\t
//  Max Memory Used: 40 MB" plus "\tInit Duration: 80.12 ms" on a cold start and
// "\tStatus: timeout"/"\tStatus: error" when the invocation did not end normally.
std::string ReportLine(std::string_view request_id, std::chrono::microseconds duration, int memory_mb,
                       int max_memory_used_mb, std::chrono::microseconds init_duration,
                       std::string_view status);
// "Task timed out after 3.00 seconds"
std::string TimedOutText(int timeout_seconds);

}  // namespace tarn::lambda
