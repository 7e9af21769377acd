// Reading the walkable ways of an OSM file with libosmium. This is the only
// translation unit that includes osmium headers (they are expensive).
#include "lc/error.hpp"
#include "lc/geo/network/walk_network.hpp"
#include "network/network_builder.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace lc::geo {

namespace {

/// Why a node's location is unusable ("latitude 95 is outside -90..90"), "" when it is usable.
std::string bad_location(const osmium::Location& loc) {
    if (!loc.is_defined() || loc.valid()) return {};  // undefined (no lat/lon): ways are cut there
    char buf[96];
    const double lon = loc.lon_without_check(), lat = loc.lat_without_check();
    if (lat < -90.0 || lat > 90.0) std::snprintf(buf, sizeof buf, "latitude %.7g is outside -90..90", lat);
    else std::snprintf(buf, sizeof buf, "longitude %.7g is outside -180..180", lon);
    return buf;
}

class WalkWayCollector : public osmium::handler::Handler {
public:
    explicit WalkWayCollector(std::string path) : m_path(std::move(path)) {}

    WayList ways;
    std::vector<std::vector<std::uint32_t>> barriers;  // vertex indices (into xs, ys) of barrier ways
    std::vector<double> xs;  // lon, then transformed in place
    std::vector<double> ys;  // lat
    NetworkStats stats;
    std::vector<osmium::object_id_type> node_ids;  // every node and way id, for the duplicate check
    std::vector<osmium::object_id_type> way_ids;

    void node(const osmium::Node& node) {
        node_ids.push_back(node.id());
        if (const std::string reason = bad_location(node.location()); !reason.empty()) {
            throw InputError(InputLocation{m_path, "", "", ""},
                             "network: node " + std::to_string(node.id()) + ": " + reason);
        }
    }

    void way(const osmium::Way& way) {
        way_ids.push_back(way.id());
        const auto& tags = way.tags();
        const char* highway = tags.get_value_by_key("highway", "");
        if (classify_barrier_way(tags.get_value_by_key("railway", ""), tags.get_value_by_key("waterway", ""),
                                 tags.get_value_by_key("natural", ""), highway, tags.get_value_by_key("bridge", ""),
                                 tags.get_value_by_key("tunnel", ""))) {
            ++stats.barrier_ways;
            add_parts(way, [this] { flush_barrier(); });
        }
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
        add_parts(way, [this] { flush_part(); });
    }

private:
    std::string m_path;
    /// The way's vertices, in parts: a reference without a location (outside a
    /// clipped extract) cuts the way; `flush` takes each part.
    template <class Flush>
    void add_parts(const osmium::Way& way, Flush&& flush) {
        m_part.clear();
        for (const auto& ref : way.nodes()) {
            if (!ref.location().valid()) {
                ++stats.missing_locations;
                flush();
                continue;
            }
            auto [it, inserted] = m_vertex_of.try_emplace(ref.ref(), static_cast<std::uint32_t>(xs.size()));
            if (inserted) {
                xs.push_back(ref.location().lon());
                ys.push_back(ref.location().lat());
            }
            m_part.push_back(it->second);
        }
        flush();
    }
    void flush_part() {
        if (m_part.size() >= 2) ways.add_way(m_part);
        m_part.clear();
    }
    void flush_barrier() {
        if (m_part.size() >= 2) barriers.push_back(m_part);
        m_part.clear();
    }
    std::unordered_map<osmium::object_id_type, std::uint32_t> m_vertex_of;
    std::vector<std::uint32_t> m_part;
};

/// Throws when an id occurs twice among `ids` (of OSM objects of one `kind`).
void check_unique_ids(std::vector<osmium::object_id_type>& ids, const char* kind, const InputLocation& where) {
    std::sort(ids.begin(), ids.end());
    const auto dup = std::adjacent_find(ids.begin(), ids.end());
    if (dup == ids.end()) return;
    throw InputError(where, std::string("network: duplicate ") + kind + " id " + std::to_string(*dup) +
                                " (ids are unique within an OSM file; two extracts concatenated? merge them with "
                                "'osmium merge')");
}

}  // namespace

WalkNetwork read_osm_network(const std::string& path, const Transformer& lonlat_to_working,
                             const OsmReadOptions& options) {
    const InputLocation where{path, "", "", ""};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw InputError(where, "network: OSM file not found");
    }
    WalkWayCollector collector{path};
    try {
        using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
        Index positive_ids;
        Index negative_ids;  // new objects in a file saved by JOSM have negative ids
        osmium::handler::NodeLocationsForWays<Index, Index> locations{positive_ids, negative_ids};
        locations.ignore_errors();
        osmium::io::Reader reader{osmium::io::File{path}, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
        osmium::apply(reader, locations, collector);
        reader.close();
    } catch (const lc::Error&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(where, std::string("network: cannot read OSM data (") + e.what() + ")");
    }
    check_unique_ids(collector.node_ids, "node", where);
    check_unique_ids(collector.way_ids, "way", where);
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
    std::vector<std::vector<Point>> barriers;
    barriers.reserve(collector.barriers.size());
    for (const auto& part : collector.barriers) {
        auto& line = barriers.emplace_back();
        line.reserve(part.size());
        for (const std::uint32_t v : part) line.push_back(collector.ways.vertices[v]);
    }
    net.set_barriers(std::move(barriers));
    return net;
}

}  // namespace lc::geo
