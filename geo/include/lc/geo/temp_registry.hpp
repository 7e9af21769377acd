// The temporary folders of a run (an OutputDir's `.NAME.tmp-PID`, a PostGIS
// sink's folder), so that an interrupted run can remove them. The process's
// signal thread (src/app/signals.cpp) calls abandon_temporaries() and exits;
// a commit holds a TempGuard while it publishes, so the signal thread never
// removes a folder that is being renamed into place, and never exits while a
// PostGIS COMMIT is on its way.
#pragma once

#include <filesystem>
#include <mutex>

namespace lc::geo {

/// The lock shared by the registry and the commits: while one is held, the
/// signal thread waits (and, once it holds it, it never gives it back).
class TempGuard {
public:
    TempGuard();
    ~TempGuard();
    TempGuard(const TempGuard&) = delete;
    TempGuard& operator=(const TempGuard&) = delete;

private:
    std::unique_lock<std::mutex> m_lock;
};

/// Adds a folder to remove if the run is interrupted (the caller holds a TempGuard).
void register_temporary(const std::filesystem::path& dir, const TempGuard& held);
/// Forgets a folder (committed, or removed by its owner); the caller holds a TempGuard.
void unregister_temporary(const std::filesystem::path& dir, const TempGuard& held);

/// For the signal thread only: takes the lock for good, removes every registered
/// folder and returns how many there were. Never call it from a signal handler
/// (std::filesystem is not async-signal-safe); call it from a thread that then exits.
std::size_t abandon_temporaries();

}  // namespace lc::geo
