// libFuzzer target: bytes as the .shp of the estates layer -> lc::app::load_city.
// The .shx, .dbf and .cpg are those of the good town's estates
// (tests/data/bad/shp_no_prj, copied next to the input once; no .prj, so
// --assume-crs EPSG:4544 applies), so the shapefile reader meets arbitrary
// geometry records with real attributes; facilities and districts are the good
// town of tests/data/bad/base, as in fuzz_geojson_city. lc::Error is fine;
// crashes, sanitizer reports and other exceptions are bugs.
#include "fuzz_city.hpp"
#include "fuzz_common.hpp"

#include <filesystem>
#include <string>

#ifndef LC_FUZZ_SHP_DIR
#error "LC_FUZZ_SHP_DIR must name tests/data/bad/shp_no_prj"
#endif

namespace {

void copy_sidecars() {
    namespace fs = std::filesystem;
    for (const char* ext : {".shx", ".dbf", ".cpg"}) {
        fs::copy_file(fs::path(LC_FUZZ_SHP_DIR) / (std::string("estates") + ext),
                      lc::fuzz::scratch() / (std::string("estates") + ext), fs::copy_options::overwrite_existing);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool copied = (copy_sidecars(), true);
    (void)copied;
    lc::fuzz::load_town_with_estates(lc::fuzz::write_input("estates.shp", data, size).string());
    return 0;
}
