#pragma once
// A table's or a global index's provisioned-throughput changes, as DescribeTable reports them:
// LastIncreaseDateTime, LastDecreaseDateTime and NumberOfDecreasesToday (the decreases of the current UTC
// calendar day) in ProvisionedThroughputDescription.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ProvisionedThroughputDescription.html
// Pure functions; values are plain data.

#include <boost/json/object.hpp>
#include <cstdint>

namespace tarn::dynamodb {

struct ThroughputHistory {
  double last_increase = 0;  // epoch seconds (0: never)
  double last_decrease = 0;
  int64_t decreases = 0;  // on the UTC day of last_decrease
};

// Records a change from (read, write) to (new_read, new_write) at `now`: an increase of either is an
// increase, a decrease of either a decrease (a change may be both).
void NoteThroughputChange(ThroughputHistory& history, int64_t read, int64_t write, int64_t new_read,
                          int64_t new_write, double now);

// ProvisionedThroughputDescription of (read, write) with `history`, described at `now`.
boost::json::object ProvisionedThroughputDescription(int64_t read, int64_t write,
                                                     const ThroughputHistory& history, double now);

// The history's record members (pt_increased, pt_decreased, pt_decreases; absent while never changed),
// written into and read from a table or index record.
void ThroughputHistoryToRecord(const ThroughputHistory& history, boost::json::object& record);
ThroughputHistory ThroughputHistoryFromRecord(const boost::json::object& record);

}  // namespace tarn::dynamodb
