// libFuzzer target: bytes as an OSM XML file -> lc::geo::read_osm_network (the
// pedestrian filter, node locations, projection to EPSG:4544 and the network
// build). lc::Error is fine; crashes, sanitizer reports and other exceptions
// are bugs.
#include "fuzz_common.hpp"
#include "lc/error.hpp"
#include "lc/geo/crs.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = lc::fuzz::write_input("network.osm", data, size);
    try {
        static const lc::geo::Transformer to_working(lc::geo::Crs::wgs84(), lc::geo::Crs::from_epsg(4544));
        const auto net = lc::geo::read_osm_network(path.string(), to_working);
        (void)net.edge_count();
    } catch (const lc::Error&) {
    }
    return 0;
}
