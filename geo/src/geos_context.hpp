// The thread-local GEOS context handle used by every geo/src file.
#pragma once

#include <geos_c.h>

namespace lc::geo::detail {

/// This thread's GEOS context (created on first use, with notices silenced and
/// errors kept for the next exception message).
GEOSContextHandle_t geos();

/// The last error GEOS reported on this thread ("" when none).
const char* geos_last_error();

}  // namespace lc::geo::detail
