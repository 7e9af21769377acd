// gen_city: a synthetic city like a large Chinese one, for the end-to-end
// benchmark of issue 17 (scripts/bench/bench_city.sh). Deterministic: the same
// arguments give the same files (std::mt19937_64 with --seed; libstdc++'s
// distributions).
//
//   gen_city --out DIR [--residents 10000000] [--seed 17]
//
// Writes into DIR, in CGCS2000 / 3-degree Gauss-Krüger CM 114E (EPSG:4547) around
// Wuhan's latitude, the network in WGS 84:
//   estates.gpkg      ~ 95 % of residents / 500 estate polygons (households, population,
//                     elderly, community, street, district, is_new)
//   facilities.gpkg   residents / 5,000 facilities (stations, day care, centres,
//                     institutions; building area, land area, beds)
//   candidates.gpkg   residents / 500 candidate sites (land area, capacity)
//   districts.gpkg    16 district polygons (population)
//   parcels.gpkg      vacant or convertible parcels in the 5 % of blocks left
//                     without an estate (up to four a block)
//   network.osm.pbf   a street grid of ~ residents / 10 nodes (arterials every
//                     tenth line, local streets with gaps, a river crossed by
//                     bridges only, its centre line a waterway=river way)
//   city.toml         the city file for `lifecircle plan --config DIR/city.toml`
#include "lc/geo/crs.hpp"
#include "lc/geo/geometry.hpp"
#include "lc/geo/io.hpp"

#include <osmium/builder/attr.hpp>
#include <osmium/io/any_output.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/memory/buffer.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

using lc::geo::Feature;
using lc::geo::FieldDef;
using lc::geo::FieldType;
using lc::geo::Geometry;
using lc::geo::OutLayer;
using lc::geo::Point;

constexpr double k_x0 = 500000.0, k_y0 = 3380000.0;  // EPSG:4547 near 114 E, 30.5 N (Wuhan)
constexpr int k_epsg = 4547;

struct Args {
    std::filesystem::path out;
    double residents = 1e7;
    std::uint64_t seed = 17;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        if (i + 1 >= argc) throw std::runtime_error("gen_city: " + k + " needs a value");
        if (k == "--out") a.out = argv[++i];
        else if (k == "--residents") a.residents = std::stod(argv[++i]);
        else if (k == "--seed") a.seed = std::stoull(argv[++i]);
        else throw std::runtime_error("gen_city: unknown argument " + k);
    }
    if (a.out.empty() || !(a.residents >= 10000)) throw std::runtime_error("usage: gen_city --out DIR [--residents N>=10000] [--seed S]");
    return a;
}

/// The city's plan: a square of side `extent` metres, a street grid of
/// `lines` x `lines` nodes, estates in `cells` x `cells` blocks.
struct Layout {
    double extent = 0, spacing = 0;
    int lines = 0, cells = 0;
    int river_col = 0;  // the river runs between grid columns river_col and river_col + 1
    [[nodiscard]] double cell() const { return extent / cells; }
    [[nodiscard]] bool on_river(double x) const {
        const double rx = river_col * spacing + spacing / 2;
        return std::abs(x - rx) < spacing;
    }
};

Layout layout_for(double residents) {
    Layout l;
    // Chinese big-city density, ~10,000 residents per km2; one node per 10 residents.
    l.extent = std::sqrt(residents / 10000.0) * 1000.0;
    l.lines = std::max(20, static_cast<int>(std::lround(std::sqrt(residents / 10.0))));
    l.spacing = l.extent / (l.lines - 1);
    l.cells = std::max(4, static_cast<int>(std::lround(std::sqrt(residents / 500.0))));
    l.river_col = l.lines * 2 / 5;
    return l;
}

Geometry rect(double x0, double y0, double x1, double y1) {
    const std::array<Point, 5> ring = {Point{x0, y0}, Point{x1, y0}, Point{x1, y1}, Point{x0, y1}, Point{x0, y0}};
    return Geometry::polygon(ring);
}

std::string code(const char* prefix, long n, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%0*ld", prefix, width, n);
    return buf;
}

const std::array<const char*, 16> k_districts = {"江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区",
                                                 "洪山区", "东西湖区", "汉南区", "蔡甸区", "江夏区", "黄陂区",
                                                 "新洲区", "光谷区", "沌口区", "临空区"};

int district_of(const Layout& l, double x, double y) {
    const int dx = std::clamp(static_cast<int>(x / l.extent * 4), 0, 3), dy = std::clamp(static_cast<int>(y / l.extent * 4), 0, 3);
    return dy * 4 + dx;
}

/// A block left without an estate (vacant land for the parcels), by its corner.
using Block = Point;

OutLayer estates(const Layout& l, double residents, std::mt19937_64& rng, std::vector<Block>& vacant) {
    OutLayer out{"estates",
                 {{"id", FieldType::string}, {"name", FieldType::string}, {"households", FieldType::integer},
                  {"population", FieldType::integer}, {"elderly", FieldType::integer}, {"community", FieldType::string},
                  {"street", FieldType::string}, {"district", FieldType::string}, {"is_new", FieldType::integer}},
                 {}};
    const double per_estate = residents / (0.95 * l.cells * l.cells);  // 5 % of the blocks are vacant
    std::lognormal_distribution<double> size(std::log(per_estate / 2.7) - 0.125, 0.5);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double c = l.cell();
    long n = 0;
    for (int j = 0; j < l.cells; ++j) {
        for (int i = 0; i < l.cells; ++i) {
            const double x0 = i * c, y0 = j * c;
            if (l.on_river(x0 + c / 2)) continue;
            if (u(rng) < 0.05) {  // vacant or convertible land
                vacant.push_back({x0, y0});
                continue;
            }
            const double inset = c * (0.08 + 0.1 * u(rng));
            const long households = std::max(50L, std::lround(size(rng)));
            const long population = std::lround(static_cast<double>(households) * (2.5 + 0.4 * u(rng)));
            const bool is_new = u(rng) < 0.1;
            const double share = is_new ? 0.12 + 0.04 * u(rng) : 0.16 + 0.09 * u(rng);
            const int d = district_of(l, x0 + c / 2, y0 + c / 2);
            ++n;
            const long street = (j / 10) * 1000 + i / 10, community = (j / 3) * 10000 + i / 3;
            out.features.push_back(
                {-1, rect(k_x0 + x0 + inset, k_y0 + y0 + inset, k_x0 + x0 + c - inset, k_y0 + y0 + c - inset),
                 {code("E", n, 6), code("小区", n, 6), households, population,
                  std::lround(static_cast<double>(population) * share), code("社区", community, 7),
                  code("街道", street, 6), std::string(k_districts[static_cast<std::size_t>(d)]), is_new ? 1 : 0}});
        }
    }
    return out;
}

/// A random point off the river.
Point dry_point(const Layout& l, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0.0, l.extent);
    for (;;) {
        const Point p{u(rng), u(rng)};
        if (!l.on_river(p.x)) return {k_x0 + p.x, k_y0 + p.y};
    }
}

OutLayer facilities(const Layout& l, double residents, std::mt19937_64& rng) {
    OutLayer out{"facilities",
                 {{"id", FieldType::string}, {"name", FieldType::string}, {"kind", FieldType::string},
                  {"building_area", FieldType::real}, {"land_area", FieldType::real}, {"beds", FieldType::integer}},
                 {}};
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const long n = std::lround(residents / 5000.0);
    for (long k = 1; k <= n; ++k) {
        const double r = u(rng);
        const char* kind = r < 0.7 ? "station" : r < 0.75 ? "day_care" : r < 0.95 ? "centre" : "institution";
        const std::string sk = kind;
        const double area = sk == "station" ? 300 + 500 * u(rng)
                            : sk == "day_care" ? 400 + 600 * u(rng)
                            : sk == "centre"  ? 1500 + 2500 * u(rng)
                                              : 5000 + 15000 * u(rng);
        const long beds = sk == "institution" ? 100 + std::lround(400 * u(rng)) : sk == "centre" ? std::lround(30 * u(rng)) : 0;
        out.features.push_back({-1, Geometry::point(dry_point(l, rng)),
                                {code("F", k, 5), code("养老设施", k, 5), sk, std::round(area), std::round(area * 1.2),
                                 beds}});
    }
    return out;
}

OutLayer candidates(const Layout& l, double residents, std::mt19937_64& rng) {
    OutLayer out{"candidates",
                 {{"id", FieldType::string}, {"name", FieldType::string}, {"land_area", FieldType::real},
                  {"capacity_households", FieldType::integer}},
                 {}};
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const long n = std::lround(residents / 500.0);
    for (long k = 1; k <= n; ++k) {
        const Point p = dry_point(l, rng);
        const double land = std::round(500 + 2500 * u(rng));
        lc::geo::Value cap = std::monostate{};
        if (u(rng) >= 0.3) cap = std::lround(land / 300.0 * 100.0);
        out.features.push_back({-1, Geometry::point(p), {code("C", k, 6), code("候选点", k, 6), land, cap}});
    }
    return out;
}

OutLayer districts(const Layout& l, const OutLayer& est) {
    OutLayer out{"districts", {{"id", FieldType::string}, {"name", FieldType::string}, {"population", FieldType::integer}}, {}};
    std::array<long, 16> pop{};
    for (const auto& f : est.features) {
        const auto& name = std::get<std::string>(f.values[7]);
        const auto at = std::find(k_districts.begin(), k_districts.end(), name) - k_districts.begin();
        pop[static_cast<std::size_t>(at)] += std::get<std::int64_t>(f.values[3]);
    }
    const double q = l.extent / 4;
    for (int d = 0; d < 16; ++d) {
        const int col = d % 4, row = d / 4;
        const double x0 = col * q, y0 = row * q;
        // about 6 % of the residents live outside the estates
        out.features.push_back({-1, rect(k_x0 + x0, k_y0 + y0, k_x0 + x0 + q, k_y0 + y0 + q),
                                {code("D", d + 1, 2), std::string(k_districts[static_cast<std::size_t>(d)]),
                                 std::lround(static_cast<double>(pop[static_cast<std::size_t>(d)]) * 1.06)}});
    }
    return out;
}

/// Up to four parcels in each vacant block (one per quarter, of random size).
OutLayer parcels(const Layout& l, const std::vector<Block>& vacant, std::mt19937_64& rng) {
    OutLayer out{"parcels",
                 {{"id", FieldType::string}, {"land_use", FieldType::string}, {"land_use_cn", FieldType::string},
                  {"area", FieldType::real}},
                 {}};
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double q = l.cell() / 2;
    long k = 0;
    for (const Block& b : vacant) {
        for (int quarter = 0; quarter < 4; ++quarter) {
            if (u(rng) < 0.25) continue;
            const int col = quarter % 2, row = quarter / 2;
            const double x0 = k_x0 + b.x + col * q + 10, y0 = k_y0 + b.y + row * q + 10;
            const double w = (q - 20) * (0.5 + 0.5 * u(rng)), h = (q - 20) * (0.5 + 0.5 * u(rng));
            const bool is_vacant = u(rng) < 0.6;
            out.features.push_back({-1, rect(x0, y0, x0 + w, y0 + h),
                                    {code("P", ++k, 5), std::string(is_vacant ? "vacant" : "convertible"),
                                     std::string(is_vacant ? "空地" : "可改造"), std::round(w * h)}});
        }
    }
    return out;
}

/// The street grid as OSM: node (i, j) has id j * lines + i + 1; each grid line is
/// cut into ways at its gaps. Every tenth line is a secondary road, the others
/// residential streets or footways; 8 % of local segments are missing (blocks,
/// walls), and no segment crosses the river except on every 25th row (bridges).
void write_network(const Layout& l, const std::filesystem::path& file, std::mt19937_64& rng) {
    const lc::geo::Transformer to_wgs(lc::geo::Crs::from_epsg(k_epsg), lc::geo::Crs::wgs84());
    const int n = l.lines;
    osmium::io::Header header;
    header.set("generator", "lifecircle gen_city");
    osmium::io::Writer writer{file.string(), header, osmium::io::overwrite::allow};
    osmium::memory::Buffer buffer{1 << 20, osmium::memory::Buffer::auto_grow::yes};
    auto flush = [&] {
        if (buffer.committed() > (1 << 19)) {
            writer(std::move(buffer));
            buffer = osmium::memory::Buffer{1 << 20, osmium::memory::Buffer::auto_grow::yes};
        }
    };
    using namespace osmium::builder::attr;  // NOLINT(google-build-using-namespace): libosmium's attribute DSL
    std::vector<double> xs(static_cast<std::size_t>(n)), ys(static_cast<std::size_t>(n));
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < n; ++i) {
            xs[static_cast<std::size_t>(i)] = k_x0 + i * l.spacing;
            ys[static_cast<std::size_t>(i)] = k_y0 + j * l.spacing;
        }
        to_wgs.transform(xs, ys);
        for (int i = 0; i < n; ++i)
            osmium::builder::add_node(buffer, _id(static_cast<osmium::object_id_type>(j) * n + i + 1), _version(1),
                                      _location(xs[static_cast<std::size_t>(i)], ys[static_cast<std::size_t>(i)]));
        flush();
    }
    // The river's centre line, as OSM maps one (waterway=river): a barrier that
    // service areas do not reach across but on its bridges (docs/network.md#barriers).
    const auto river_node = static_cast<osmium::object_id_type>(n) * n + 1;
    {
        const double rx = k_x0 + l.river_col * l.spacing + l.spacing / 2;
        std::vector<double> rxs = {rx, rx}, rys = {k_y0 - l.spacing, k_y0 + n * l.spacing};
        to_wgs.transform(rxs, rys);
        for (std::size_t k = 0; k < 2; ++k) {
            osmium::builder::add_node(buffer, _id(river_node + static_cast<osmium::object_id_type>(k)), _version(1),
                                      _location(rxs[k], rys[k]));
        }
    }
    std::bernoulli_distribution gap(0.08);
    osmium::object_id_type way_id = 0;
    auto emit = [&](std::vector<osmium::object_id_type>& ids, bool arterial) {
        if (ids.size() >= 2) {
            std::vector<osmium::NodeRef> refs(ids.begin(), ids.end());
            ++way_id;
            osmium::builder::add_way(buffer, _id(way_id), _version(1), _nodes(refs),
                                     _tag("highway", arterial ? "secondary" : (way_id % 3 == 0 ? "footway" : "residential")));
            flush();
        }
        ids.clear();
    };
    std::vector<osmium::object_id_type> ids;
    for (int dir = 0; dir < 2; ++dir) {  // rows, then columns
        for (int a = 0; a < n; ++a) {
            const bool arterial = a % 10 == 0;
            for (int b = 0; b < n; ++b) {
                const int i = dir == 0 ? b : a, j = dir == 0 ? a : b;
                ids.push_back(static_cast<osmium::object_id_type>(j) * n + i + 1);
                if (b + 1 == n) break;
                const bool crosses_river = dir == 0 && b == l.river_col;
                const bool cut = crosses_river ? a % 25 != 0 : !arterial && gap(rng);
                if (cut) emit(ids, arterial);
            }
            emit(ids, arterial);
        }
    }
    osmium::builder::add_way(buffer, _id(++way_id), _version(1), _nodes({river_node, river_node + 1}),
                             _tag("waterway", "river"));
    writer(std::move(buffer));
    writer.close();
}

void write_city_file(const std::filesystem::path& dir, double residents) {
    std::ofstream f(dir / "city.toml");
    f << "# A synthetic city of " << static_cast<long>(residents)
      << " residents (scripts/bench/gen_city.cpp).\nname = \"synthetic\"\n[inputs]\n"
         "estates = \"estates.gpkg\"\nfacilities = \"facilities.gpkg\"\ndistricts = \"districts.gpkg\"\n"
         "candidates = \"candidates.gpkg\"\nnetwork = \"network.osm.pbf\"\n";
}

}  // namespace

int main(int argc, char** argv) try {
    const Args a = parse(argc, argv);
    std::filesystem::create_directories(a.out);
    const Layout l = layout_for(a.residents);
    std::mt19937_64 rng(a.seed);
    const auto crs = lc::geo::Crs::from_epsg(k_epsg);
    const auto write = [&](const OutLayer& layer) {
        lc::geo::write_layer(a.out, layer, lc::geo::Format::gpkg, crs, lc::geo::Crs());
        std::printf("%-11s %8zu features\n", layer.name.c_str(), layer.features.size());
    };
    std::vector<Block> vacant;
    const OutLayer est = estates(l, a.residents, rng, vacant);
    write(est);
    write(facilities(l, a.residents, rng));
    write(candidates(l, a.residents, rng));
    write(districts(l, est));
    write(parcels(l, vacant, rng));
    write_network(l, a.out / "network.osm.pbf", rng);
    std::printf("network     %8d x %d nodes, %.1f m spacing, %.1f km square\n", l.lines, l.lines, l.spacing, l.extent / 1000);
    write_city_file(a.out, a.residents);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
}
