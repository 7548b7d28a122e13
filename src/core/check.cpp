#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "core/result.h"

namespace tarn::core {

void CheckFailed(const char* expr, const char* file, int line) {
  std::string what = std::string("TARN_CHECK failed: ") + expr + " at " + file + ":" + std::to_string(line);
#ifndef NDEBUG
  std::fprintf(stderr, "%s\n", what.c_str());
  std::abort();
#else
  throw std::logic_error(what);
#endif
}

}  // namespace tarn::core
