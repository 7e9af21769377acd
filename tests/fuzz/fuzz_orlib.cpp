// libFuzzer target: text -> lc::opt::read_orlib_pmed. lc::Error is fine;
// crashes, sanitizer reports and other exceptions (std::bad_alloc included:
// a header must not make the reader allocate without bound) are bugs.
#include "fuzz_common.hpp"
#include "lc/error.hpp"
#include "lc/optimize/readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = lc::fuzz::write_input("pmed.txt", data, size);
    try {
        const auto inst = lc::opt::read_orlib_pmed(path.string());
        (void)inst.p;
    } catch (const lc::Error&) {
    }
    return 0;
}
