#pragma once
// Timestamp formats on AWS wires: ISO 8601 (Query/XML, X-Amz-Date basic form), RFC 1123 (HTTP
// headers), epoch seconds (JSON protocols). All UTC. Pure functions; safe from any thread.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tarn::core {

// 2015-08-30T12:36:00Z (no fraction) and 2015-08-30T12:36:00.123Z (milliseconds).
std::string FormatIso8601(TimePoint t);
std::string FormatIso8601Millis(TimePoint t);
// SigV4 basic form: 20150830T123600Z; and the date part 20150830.
std::string FormatAmzDate(TimePoint t);
std::string FormatAmzDay(TimePoint t);
// RFC 1123: Sun, 30 Aug 2015 12:36:00 GMT
std::string FormatHttpDate(TimePoint t);

// Accepts 2015-08-30T12:36:00Z, with optional fraction, and with +hh:mm/-hh:mm offsets.
std::optional<TimePoint> ParseIso8601(std::string_view s);
// 20150830T123600Z exactly.
std::optional<TimePoint> ParseAmzDate(std::string_view s);
// RFC 1123 (and RFC 850 / asctime, as HTTP/1.1 requires recipients to accept).
std::optional<TimePoint> ParseHttpDate(std::string_view s);

double ToEpochSeconds(TimePoint t);  // with millisecond precision
TimePoint FromEpochSeconds(double seconds);

}  // namespace tarn::core
