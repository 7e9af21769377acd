// SIGINT, SIGTERM and SIGHUP: an interrupted run removes its temporary output
// folders and exits 128 + the signal (docs/hardening.md, "Signals").
#pragma once

namespace lc::app {

/// Blocks the three signals in the calling thread (call it first in main, before
/// any thread starts: threads inherit the mask) and starts a thread that waits
/// for them with sigwait(). On one it removes the registered temporary folders
/// (lc/geo/temp_registry.hpp), prints "lifecircle: interrupted by SIGNAME…" on
/// stderr and calls _exit(128 + signal): no destructor, no atexit handler and no
/// COMMIT of an open PostGIS transaction runs after it.
void start_signal_thread();

}  // namespace lc::app
