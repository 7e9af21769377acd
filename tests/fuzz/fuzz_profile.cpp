// libFuzzer target: TOML text -> lc::app::Profile::load. lc::Error is the
// documented answer to bad text; anything else (a crash, a sanitizer report,
// another exception escaping) is a bug.
#include "fuzz_common.hpp"
#include "lc/error.hpp"
#include "standards/profile.hpp"

#include <cstdlib>

// The profiles a seed inherits from (datasets/profiles of the source tree).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    ::setenv("LIFECIRCLE_PROFILES", LC_FUZZ_PROFILES_DIR, 0);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = lc::fuzz::write_input("fuzz.toml", data, size);
    try {
        const auto profile = lc::app::Profile::load(path.string());
        (void)profile.name();
    } catch (const lc::Error&) {
    }
    return 0;
}
