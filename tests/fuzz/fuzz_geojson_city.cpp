// libFuzzer target: GeoJSON text -> lc::app::load_city. The input is written as
// the estates layer; facilities and districts are the good town of
// tests/data/bad/base, so every later check (CRS choice, reprojection,
// assignment to districts) runs on whatever the estates become. lc::Error is
// fine; crashes, sanitizer reports and other exceptions are bugs.
#include "fuzz_city.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lc::fuzz::load_town_with_estates(lc::fuzz::write_input("estates.geojson", data, size).string());
    return 0;
}
