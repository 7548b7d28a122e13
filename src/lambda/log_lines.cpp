// Lambda's START/END/REPORT lines and log stream names.
#include "lambda/log_lines.h"

#include <ctime>

namespace tarn::lambda {

std::string LogStreamName(core::TimePoint now, std::string_view version, std::string_view hex32) {
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char day[48];
  std::snprintf(day, sizeof day, "%04d/%02d/%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return std::string(day) + "/[" + std::string(version) + "]" + std::string(hex32);
}

std::string StartLine(std::string_view request_id, std::string_view version) {
  return "START RequestId: " + std::string(request_id) + " Version: " + std::string(version);
}

std::string EndLine(std::string_view request_id) { return "END RequestId: " + std::string(request_id); }

namespace {
std::string Millis(std::chrono::microseconds d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", static_cast<double>(d.count()) / 1000.0);
  return buffer;
}
}  // namespace

std::string ReportLine(std::string_view request_id, std::chrono::microseconds duration, int memory_mb,
                       int max_memory_used_mb, std::chrono::microseconds init_duration,
                       std::string_view status) {
  // Billed duration rounds up to the next millisecond.
  int64_t billed = (duration.count() + 999) / 1000;
  if (billed < 1) billed = 1;
  std::string line = "REPORT RequestId: " + std::string(request_id) + "\tDuration: " + Millis(duration) +
                     " ms\tBilled Duration: " + std::to_string(billed) +
                     " ms\tMemory Size: " + std::to_string(memory_mb) +
                     " MB\tMax Memory Used: " + std::to_string(max_memory_used_mb) + " MB";
  if (init_duration.count() > 0) line += "\tInit Duration: " + Millis(init_duration) + " ms";
  if (!status.empty()) line += "\tStatus: " + std::string(status);
  return line;
}

std::string TimedOutText(int timeout_seconds) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "Task timed out after %d.00 seconds", timeout_seconds);
  return buffer;
}

}  // namespace tarn::lambda
