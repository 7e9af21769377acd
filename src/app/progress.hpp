// Progress on stderr: one line per stage with elapsed time; when stderr is a
// terminal, a live bar of the stages below them. Nothing with --quiet.
#pragma once

#include "pipeline/run.hpp"

namespace lc::app {

/// `total_stages` sizes the live bar (0: no bar). Call the result with stage
/// "done" at the end to clear the bar.
Progress make_progress(bool quiet, int total_stages = 0);

}  // namespace lc::app
