#include "core/time_format.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace tarn::core {

namespace {

std::tm ToTm(TimePoint t) {
  // floor, not to_time_t's truncation toward zero: 0.5 s before the epoch is in 1969.
  std::time_t tt = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

int Millis(TimePoint t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  return static_cast<int>(ms < 0 ? ms + 1000 : ms);
}

// Days from civil (Howard Hinnant's algorithm): no timegm/locale dependence.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ValidFields(int y, int mo, int d, int h, int mi, int s) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
    return false;
  if (d > kDays[mo - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) return false;
  return true;
}

TimePoint MakeTime(int y, int mo, int d, int h, int mi, int s) {
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t seconds = days * 86400 + h * 3600 + mi * 60 + s;
  // system_clock counts nanoseconds in 64 bits (years 1678 to 2262). A date outside that range (an
  // X-Amz-Date of year 3020 is "Signature not yet current", not a malformed date) is held a few days
  // inside it, so it still sorts after (or before) every real time and a caller's time-zone offset
  // or fraction cannot overflow it.
  constexpr int64_t kSlack = 4 * 86400;
  constexpr int64_t kMax =
      std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::max()).count();
  constexpr int64_t kMin =
      std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::min()).count();
  seconds = std::clamp(seconds, kMin + kSlack, kMax - kSlack);
  return TimePoint(std::chrono::seconds(seconds));
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// True when s has the literal text at pos.
bool Literal(std::string_view s, size_t pos, std::string_view text) {
  return s.substr(pos, text.size()) == text;
}

int MonthIndex(std::string_view m) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i)
    if (m == kMonths[i]) return i + 1;
  return 0;
}

}  // namespace

std::string FormatIso8601(TimePoint t) {
  std::tm tm = ToTm(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string FormatIso8601Millis(TimePoint t) {
  std::tm tm = ToTm(t);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", Millis(t));
  return buf;
}

std::string FormatAmzDate(TimePoint t) {
  std::tm tm = ToTm(t);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string FormatAmzDay(TimePoint t) {
  std::tm tm = ToTm(t);
  char buf[12];
  std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
  return buf;
}

std::string FormatHttpDate(TimePoint t) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm = ToTm(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<TimePoint> ParseIso8601(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &h) ||
      s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &sec))
    return std::nullopt;
  if (!ValidFields(y, mo, d, h, mi, sec)) return std::nullopt;
  size_t pos = 19;
  std::chrono::nanoseconds frac{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t ns = 0;
    int digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (digits < 9) {
        ns = ns * 10 + (s[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (pos == start) return std::nullopt;
    while (digits++ < 9) ns *= 10;
    frac = std::chrono::nanoseconds(ns);
  }
  int offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    int sign = s[pos] == '+' ? 1 : -1;
    if (!Digits(s, pos + 1, 2, &oh)) return std::nullopt;
    size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!Digits(s, mpos, 2, &om)) return std::nullopt;
    offset_seconds = sign * (oh * 3600 + om * 60);
    pos = mpos + 2;
  } else if (pos != s.size()) {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  TimePoint t = MakeTime(y, mo, d, h, mi, sec) - std::chrono::seconds(offset_seconds);
  return t + std::chrono::duration_cast<TimePoint::duration>(frac);
}

std::optional<TimePoint> ParseAmzDate(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (s.size() != 16 || !Digits(s, 0, 4, &y) || !Digits(s, 4, 2, &mo) || !Digits(s, 6, 2, &d) ||
      s[8] != 'T' || !Digits(s, 9, 2, &h) || !Digits(s, 11, 2, &mi) || !Digits(s, 13, 2, &sec) ||
      s[15] != 'Z')
    return std::nullopt;
  if (!ValidFields(y, mo, d, h, mi, sec)) return std::nullopt;
  return MakeTime(y, mo, d, h, mi, sec);
}

namespace {

// "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate, the preferred form).
std::optional<TimePoint> ParseRfc1123(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (s.size() != 29 || !Literal(s, 3, ", ") || !Digits(s, 5, 2, &d) || !Literal(s, 7, " ") ||
      !(mo = MonthIndex(s.substr(8, 3))) || !Literal(s, 11, " ") || !Digits(s, 12, 4, &y) ||
      !Literal(s, 16, " ") || !Digits(s, 17, 2, &h) || !Literal(s, 19, ":") || !Digits(s, 20, 2, &mi) ||
      !Literal(s, 22, ":") || !Digits(s, 23, 2, &sec) || !Literal(s, 25, " GMT") ||
      !ValidFields(y, mo, d, h, mi, sec))
    return std::nullopt;
  return MakeTime(y, mo, d, h, mi, sec);
}

// "Sunday, 06-Nov-94 08:49:37 GMT" (obsolete RFC 850 form; two-digit years below 70 are 20xx).
std::optional<TimePoint> ParseRfc850(std::string_view s) {
  auto comma = s.find(", ");
  if (comma == std::string_view::npos || s.size() != comma + 24) return std::nullopt;
  std::string_view r = s.substr(comma + 2);
  int y, mo, d, h, mi, sec;
  if (!Digits(r, 0, 2, &d) || !Literal(r, 2, "-") || !(mo = MonthIndex(r.substr(3, 3))) ||
      !Literal(r, 6, "-") || !Digits(r, 7, 2, &y) || !Literal(r, 9, " ") || !Digits(r, 10, 2, &h) ||
      !Literal(r, 12, ":") || !Digits(r, 13, 2, &mi) || !Literal(r, 15, ":") || !Digits(r, 16, 2, &sec) ||
      !Literal(r, 18, " GMT"))
    return std::nullopt;
  y += y < 70 ? 2000 : 1900;
  if (!ValidFields(y, mo, d, h, mi, sec)) return std::nullopt;
  return MakeTime(y, mo, d, h, mi, sec);
}

// "Sun Nov  6 08:49:37 1994" (C asctime, day padded with a space).
std::optional<TimePoint> ParseAsctime(std::string_view s) {
  if (s.size() != 24) return std::nullopt;
  std::string day(s.substr(8, 2));
  if (day[0] == ' ') day[0] = '0';
  int y, mo, d, h, mi, sec;
  if (!Literal(s, 3, " ") || !(mo = MonthIndex(s.substr(4, 3))) || !Literal(s, 7, " ") ||
      !Digits(day, 0, 2, &d) || !Literal(s, 10, " ") || !Digits(s, 11, 2, &h) || !Literal(s, 13, ":") ||
      !Digits(s, 14, 2, &mi) || !Literal(s, 16, ":") || !Digits(s, 17, 2, &sec) || !Literal(s, 19, " ") ||
      !Digits(s, 20, 4, &y) || !ValidFields(y, mo, d, h, mi, sec))
    return std::nullopt;
  return MakeTime(y, mo, d, h, mi, sec);
}

}  // namespace

std::optional<TimePoint> ParseHttpDate(std::string_view s) {
  // Separators are checked, not skipped: "Sun, 06xNov ..." is not a date.
  if (auto t = ParseRfc1123(s)) return t;
  if (auto t = ParseRfc850(s)) return t;
  return ParseAsctime(s);
}

double ToEpochSeconds(TimePoint t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  return static_cast<double>(ms) / 1000.0;
}

TimePoint FromEpochSeconds(double seconds) {
  auto ms = static_cast<int64_t>(std::llround(seconds * 1000.0));
  return TimePoint(std::chrono::milliseconds(ms));
}

}  // namespace tarn::core
