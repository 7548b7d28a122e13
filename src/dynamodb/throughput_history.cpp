#include "dynamodb/throughput_history.h"

#include <cmath>

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

int64_t UtcDay(double epoch_seconds) { return static_cast<int64_t>(std::floor(epoch_seconds / 86400)); }

double Number(const json::object& o, const char* member) {
  const json::value* v = o.if_contains(member);
  if (!v) return 0;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return 0;
}

}  // namespace

void NoteThroughputChange(ThroughputHistory& history, int64_t read, int64_t write, int64_t new_read,
                          int64_t new_write, double now) {
  if (new_read > read || new_write > write) history.last_increase = now;
  if (new_read < read || new_write < write) {
    history.decreases =
        history.last_decrease > 0 && UtcDay(history.last_decrease) == UtcDay(now) ? history.decreases + 1 : 1;
    history.last_decrease = now;
  }
}

json::object ProvisionedThroughputDescription(int64_t read, int64_t write, const ThroughputHistory& history,
                                              double now) {
  json::object d;
  if (history.last_increase > 0) d["LastIncreaseDateTime"] = history.last_increase;
  if (history.last_decrease > 0) d["LastDecreaseDateTime"] = history.last_decrease;
  const bool today = history.last_decrease > 0 && UtcDay(history.last_decrease) == UtcDay(now);
  d["NumberOfDecreasesToday"] = today ? history.decreases : 0;
  d["ReadCapacityUnits"] = read;
  d["WriteCapacityUnits"] = write;
  return d;
}

void ThroughputHistoryToRecord(const ThroughputHistory& history, json::object& record) {
  if (history.last_increase > 0) record["pt_increased"] = history.last_increase;
  if (history.last_decrease > 0) {
    record["pt_decreased"] = history.last_decrease;
    record["pt_decreases"] = history.decreases;
  }
}

ThroughputHistory ThroughputHistoryFromRecord(const json::object& record) {
  ThroughputHistory history;
  history.last_increase = Number(record, "pt_increased");
  history.last_decrease = Number(record, "pt_decreased");
  history.decreases = static_cast<int64_t>(Number(record, "pt_decreases"));
  return history;
}

}  // namespace tarn::dynamodb
