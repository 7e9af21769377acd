#include "lc/geo/temp_registry.hpp"

#include <algorithm>
#include <new>
#include <system_error>
#include <vector>

namespace lc::geo {
namespace {
// Never destroyed: the signal thread may use them while the process exits.
std::mutex& registry_mutex() {
    alignas(std::mutex) static unsigned char storage[sizeof(std::mutex)];
    static std::mutex* m = new (storage) std::mutex;
    return *m;
}
std::vector<std::filesystem::path>& registry() {
    using Dirs = std::vector<std::filesystem::path>;
    alignas(Dirs) static unsigned char storage[sizeof(Dirs)];
    static Dirs* dirs = new (storage) Dirs;
    return *dirs;
}
}  // namespace

TempGuard::TempGuard() : m_lock(registry_mutex()) {}
TempGuard::~TempGuard() = default;

void register_temporary(const std::filesystem::path& dir, const TempGuard& /*held*/) { registry().push_back(dir); }

void unregister_temporary(const std::filesystem::path& dir, const TempGuard& /*held*/) {
    auto& dirs = registry();
    dirs.erase(std::remove(dirs.begin(), dirs.end(), dir), dirs.end());
}

std::size_t abandon_temporaries() {
    // Never released: the caller exits with the lock held, so no commit starts after this.
    registry_mutex().lock();
    std::size_t removed = 0;
    for (const auto& dir : registry()) {
        // The run's other threads may still be writing into the folder: a file
        // created while remove_all walks it makes the last rmdir fail (ENOTEMPTY),
        // so remove again until the folder is gone. Nothing recreates the folder
        // itself (only OutputDir creates it), so each pass leaves fewer files.
        std::error_code ec;
        for (int pass = 0; pass < 100 && std::filesystem::exists(dir, ec); ++pass) std::filesystem::remove_all(dir, ec);
        ++removed;
    }
    return removed;
}

}  // namespace lc::geo
