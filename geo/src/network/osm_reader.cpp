// Reading the walkable ways of an OSM file with libosmium. This is the only
// translation unit that includes osmium headers (they are expensive).
#include "lc/error.hpp"
#include "lc/geo/network/walk_network.hpp"
#include "network/network_builder.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace lc::geo {

namespace {

class WalkWayCollector : public osmium::handler::Handler {
public:
    WayList ways;
    std::vector<double> xs;  // lon, then transformed in place
    std::vector<double> ys;  // lat
    NetworkStats stats;

    void way(const osmium::Way& way) {
        const auto& tags = way.tags();
        const char* highway = tags.get_value_by_key("highway", "");
        const WayVerdict verdict = classify_walk_way(highway, tags.get_value_by_key("foot", ""),
                                                     tags.get_value_by_key("access", ""),
                                                     tags.get_value_by_key("area", ""));
        if (verdict == WayVerdict::not_highway) return;
        ++stats.ways_highway;
        switch (verdict) {
            case WayVerdict::kept: ++stats.ways_kept; break;
            case WayVerdict::motor_road: ++stats.dropped_motor_road; return;
            case WayVerdict::construction: ++stats.dropped_construction; return;
            case WayVerdict::foot_no: ++stats.dropped_foot_no; return;
            case WayVerdict::access: ++stats.dropped_access; return;
            case WayVerdict::area: ++stats.dropped_area; return;
            case WayVerdict::other_highway:
            case WayVerdict::not_highway: ++stats.dropped_other_highway; return;
        }
        // A reference without a location (outside a clipped extract) cuts the way.
        m_part.clear();
        for (const auto& ref : way.nodes()) {
            if (!ref.location().valid()) {
                ++stats.missing_locations;
                flush_part();
                continue;
            }
            auto [it, inserted] = m_vertex_of.try_emplace(ref.ref(), static_cast<std::uint32_t>(xs.size()));
            if (inserted) {
                xs.push_back(ref.location().lon());
                ys.push_back(ref.location().lat());
            }
            m_part.push_back(it->second);
        }
        flush_part();
    }

private:
    void flush_part() {
        if (m_part.size() >= 2) ways.add_way(m_part);
        m_part.clear();
    }
    std::unordered_map<osmium::object_id_type, std::uint32_t> m_vertex_of;
    std::vector<std::uint32_t> m_part;
};

}  // namespace

WalkNetwork read_osm_network(const std::string& path, const Transformer& lonlat_to_working,
                             const OsmReadOptions& options) {
    const InputLocation where{path, "", "", ""};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw InputError(where, "network: OSM file not found");
    }
    WalkWayCollector collector;
    try {
        using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
        Index index;
        osmium::handler::NodeLocationsForWays<Index> locations{index};
        locations.ignore_errors();
        osmium::io::Reader reader{osmium::io::File{path}, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
        osmium::apply(reader, locations, collector);
        reader.close();
    } catch (const lc::Error&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(where, std::string("network: cannot read OSM data (") + e.what() + ")");
    }
    NetworkStats stats = std::move(collector.stats);
    if (collector.ways.way_count() == 0) {
        throw InputError(where, "network: no walkable ways (" + std::to_string(stats.ways_highway) +
                                    " highway ways, none kept by the pedestrian filter; see docs/network.md)");
    }
    try {
        lonlat_to_working.transform(collector.xs, collector.ys);
    } catch (const CrsError& e) {
        throw CrsError(where, std::string("network: ") + e.what());
    }
    collector.ways.vertices.resize(collector.xs.size());
    for (std::size_t i = 0; i < collector.xs.size(); ++i) collector.ways.vertices[i] = {collector.xs[i], collector.ys[i]};
    if (stats.missing_locations > 0) {
        stats.warnings.push_back("network: " + std::to_string(stats.missing_locations) +
                                 " way node references without a location (outside the extract); ways cut there");
    }
    const std::size_t kept = stats.ways_kept;
    WalkNetwork net = NetworkAccess::build_from_ways(collector.ways, std::move(stats), options.build);
    if (net.edge_count() == 0) {
        throw InputError(where, "network: no walkable ways (" + std::to_string(kept) +
                                    " kept ways have no usable geometry)");
    }
    return net;
}

}  // namespace lc::geo
