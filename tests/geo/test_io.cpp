#include "lc/error.hpp"
#include "lc/geo/io.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

namespace fs = std::filesystem;
using namespace lc::geo;

namespace {
fs::path temp_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("lc_test_io_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

/// Writes a one-feature shapefile whose `name` is stored in `encoding` (GDAL
/// recodes from UTF-8 and writes a .cpg naming it).
void write_encoded_shapefile(const fs::path& shp, const std::string& utf8_name, const char* encoding) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    GDALDataset* ds = drv->Create(shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    ASSERT_NE(ds, nullptr);
    OGRSpatialReference srs;
    srs.importFromEPSG(4544);
    char** lco = CSLSetNameValue(nullptr, "ENCODING", encoding);
    OGRLayer* layer = ds->CreateLayer(shp.stem().c_str(), &srs, wkbPoint, lco);
    CSLDestroy(lco);
    OGRFieldDefn id("id", OFTString);
    OGRFieldDefn name("name", OFTString);
    layer->CreateField(&id);
    layer->CreateField(&name);
    OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
    f->SetField("id", "E1");
    f->SetField("name", utf8_name.c_str());
    OGRPoint pt(410449.4253, 3383928.0881);
    f->SetGeometry(&pt);
    ASSERT_EQ(layer->CreateFeature(f), OGRERR_NONE);
    OGRFeature::DestroyFeature(f);
    GDALClose(ds);
}

const char* k_square_geojson = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"E1","户数":"1320","名称":"新华苑"},
 "geometry":{"type":"Polygon","coordinates":[[[106.0,38.0],[106.01,38.0],[106.01,38.01],[106.0,38.01],[106.0,38.0]]]}}]})";
}  // namespace

TEST(ParseSource, SplitsLayerOnlyWhenPathIsNotAFile) {
    const fs::path dir = temp_dir("parse");
    write_file(dir / "a.geojson", k_square_geojson);
    const auto plain = parse_source((dir / "a.geojson").string());
    EXPECT_EQ(plain.path, (dir / "a.geojson").string());
    EXPECT_TRUE(plain.layer.empty());
    const auto with_layer = parse_source((dir / "a.gpkg:estates").string());
    EXPECT_EQ(with_layer.path, (dir / "a.gpkg").string());
    EXPECT_EQ(with_layer.layer, "estates");
    const auto pg = parse_source("PG:dbname=city host=localhost:estates");
    EXPECT_EQ(pg.path, "PG:dbname=city host=localhost");
    EXPECT_EQ(pg.layer, "estates");
    const auto pg_plain = parse_source("PG:dbname=city");
    EXPECT_EQ(pg_plain.path, "PG:dbname=city");
    EXPECT_TRUE(pg_plain.layer.empty());
}

// "PATH:" is PATH:LAYER with the layer left out: an error naming the path and
// the empty layer, not "file not found" for "a.geojson:".
TEST(ParseSource, EmptyLayerNameAfterColonIsAnError) {
    const fs::path dir = temp_dir("parse_empty");
    write_file(dir / "a.geojson", k_square_geojson);
    try {
        (void)parse_source((dir / "a.geojson").string() + ":");
        FAIL() << "expected an InputError";
    } catch (const lc::InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find((dir / "a.geojson").string()), std::string::npos) << msg;
        EXPECT_NE(msg.find("the layer name after ':' is empty"), std::string::npos) << msg;
    }
}

// NaN and infinities (GeoJSON's NaN / Infinity literals, read by GDAL as reals)
// are not numbers; their text is the GeoJSON spelling, for messages.
TEST(ToNumber, NanAndInfinityAreNotNumbers) {
    bool bad = false;
    EXPECT_FALSE(to_number(Value{std::nan("")}, &bad).has_value());
    EXPECT_TRUE(bad);
    EXPECT_FALSE(to_number(Value{-HUGE_VAL}, &bad).has_value());
    EXPECT_TRUE(bad);
    EXPECT_EQ(to_text(Value{std::nan("")}), "NaN");
    EXPECT_EQ(to_text(Value{HUGE_VAL}), "Infinity");
    EXPECT_EQ(to_text(Value{-HUGE_VAL}), "-Infinity");
}

// Ids are trimmed of blanks; a blank id is no id.
TEST(ToId, TrimsBlanksAndBlankIsNoId) {
    EXPECT_EQ(to_id(Value{std::string("  CB\t")}), "CB");
    EXPECT_EQ(to_id(Value{std::string("   ")}), "");
    EXPECT_EQ(to_id(Value{std::int64_t{7}}), "7");
    EXPECT_EQ(to_id(Value{}), "");
}

TEST(ToNumber, IntegersRealsAndNumericStrings) {
    bool bad = false;
    EXPECT_EQ(to_number(Value{std::int64_t{42}}), 42.0);
    EXPECT_EQ(to_number(Value{2.5}), 2.5);
    EXPECT_EQ(to_number(Value{std::string(" 1320 ")}), 1320.0);
    EXPECT_FALSE(to_number(Value{std::string("")}, &bad).has_value());
    EXPECT_FALSE(bad);  // blank is null, not an error
    EXPECT_FALSE(to_number(Value{std::string("12a")}, &bad).has_value());
    EXPECT_TRUE(bad);
    EXPECT_FALSE(to_number(Value{std::string("一千")}, &bad).has_value());
    EXPECT_TRUE(bad);
    EXPECT_FALSE(to_number(Value{}).has_value());
}

// The square is 0.01 deg x 0.01 deg at 38 N in WGS84; read in EPSG:4544
// (GK CM 105 E) its area is about 1113 m x 876 m: checked only for order of magnitude
// here; the exact reprojection is tested in test_crs.
TEST(ReadLayer, ChineseFieldNamesAndReprojection) {
    const fs::path dir = temp_dir("chinese");
    write_file(dir / "e.geojson", k_square_geojson);
    ReadOptions o;
    o.target = Crs::from_epsg(4544);
    const VectorLayer layer = read_layer(parse_source((dir / "e.geojson").string()), o);
    ASSERT_EQ(layer.features.size(), 1u);
    const auto households = layer.field_index("户数");
    ASSERT_TRUE(households.has_value());
    EXPECT_EQ(to_number(layer.features[0].values[*households]), 1320.0);
    const auto name = layer.field_index("名称");
    ASSERT_TRUE(name.has_value());
    EXPECT_EQ(to_text(layer.features[0].values[*name]), "新华苑");
    const double area = layer.features[0].geometry.area();
    EXPECT_GT(area, 0.9e6);
    EXPECT_LT(area, 1.1e6);
    EXPECT_EQ(layer.crs.epsg(), 4544);
    EXPECT_EQ(layer.source_crs.epsg(), 4326);
}

TEST(ReadLayer, GbkShapefileWithCpgIsHonoured) {
    const fs::path dir = temp_dir("gbk_cpg");
    write_encoded_shapefile(dir / "estates.shp", "阅海湾小区", "CP936");
    ASSERT_TRUE(fs::exists(dir / "estates.cpg"));
    const VectorLayer layer = read_layer(parse_source((dir / "estates.shp").string()), {});
    EXPECT_EQ(to_text(layer.features[0].values[*layer.field_index("name")]), "阅海湾小区");
}

TEST(ReadLayer, GbkShapefileWithoutCpgNeedsEncoding) {
    const fs::path dir = temp_dir("gbk_nocpg");
    write_encoded_shapefile(dir / "estates.shp", "阅海湾小区", "CP936");
    fs::remove(dir / "estates.cpg");
    ReadOptions gbk;
    gbk.encoding = "GBK";
    const VectorLayer good = read_layer(parse_source((dir / "estates.shp").string()), gbk);
    EXPECT_EQ(to_text(good.features[0].values[*good.field_index("name")]), "阅海湾小区");
    const VectorLayer raw = read_layer(parse_source((dir / "estates.shp").string()), {});
    EXPECT_NE(to_text(raw.features[0].values[*raw.field_index("name")]), "阅海湾小区");
}

TEST(ReadLayer, MissingFileUnknownLayerNoCrsEmptyLayer) {
    const fs::path dir = temp_dir("bad");
    try {
        (void)read_layer(parse_source((dir / "nope.geojson").string()), {});
        FAIL() << "no exception";
    } catch (const lc::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("nope.geojson"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos);
    }
    write_file(dir / "e.geojson", k_square_geojson);
    try {
        (void)read_layer(parse_source((dir / "e.geojson").string() + ":zzz"), {});
        FAIL() << "no exception";
    } catch (const lc::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("layer 'zzz'"), std::string::npos) << e.what();
    }
    write_file(dir / "nocrs.csv", "id,x,y\nA,1,2\n");
    EXPECT_THROW((void)read_layer(parse_source((dir / "nocrs.csv").string()), {}), lc::CrsError);
    ReadOptions assume;
    assume.assume_crs = "EPSG:4544";
    const VectorLayer csv = read_layer(parse_source((dir / "nocrs.csv").string()), assume);
    EXPECT_EQ(csv.features[0].geometry.as_point(), (Point{1, 2}));
    write_file(dir / "empty.geojson", R"({"type":"FeatureCollection","features":[]})");
    EXPECT_THROW((void)read_layer(parse_source((dir / "empty.geojson").string()), {}), lc::InputError);
}

// A bow-tie polygon is invalid (self-intersection); MakeValid splits it into
// two triangles of area 1 each (the square 0..2 x 0..2 crossed at (1,1)).
TEST(ReadLayer, InvalidGeometryRepairedOrStrictError) {
    const fs::path dir = temp_dir("bowtie");
    write_file(dir / "b.geojson", R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4544"}},"features":[
{"type":"Feature","properties":{"id":"B1"},"geometry":{"type":"Polygon","coordinates":[[[500000,4000000],[500002,4000002],[500002,4000000],[500000,4000002],[500000,4000000]]]}}]})");
    const VectorLayer layer = read_layer(parse_source((dir / "b.geojson").string()), {});
    EXPECT_EQ(layer.repaired, 1u);
    EXPECT_NEAR(layer.features[0].geometry.area(), 2.0, 1e-9);
    ASSERT_EQ(layer.warnings.size(), 1u);
    EXPECT_NE(layer.warnings[0].find("B1"), std::string::npos);
    ReadOptions strict;
    strict.strict = true;
    EXPECT_THROW((void)read_layer(parse_source((dir / "b.geojson").string()), strict), lc::InputError);
}

TEST(OutputDir, NothingLeftBehindWithoutCommit) {
    const fs::path dir = temp_dir("atomic");
    {
        OutputDir out(dir / "result");
        write_text_file(out.path() / "summary.json", "{}");
        EXPECT_TRUE(fs::exists(out.path() / "summary.json"));
    }
    EXPECT_FALSE(fs::exists(dir / "result"));
    EXPECT_TRUE(fs::is_empty(dir));
    {
        OutputDir out(dir / "result");
        write_text_file(out.path() / "summary.json", "{\"a\":1}");
        out.commit();
    }
    EXPECT_TRUE(fs::exists(dir / "result" / "summary.json"));
    // A second run replaces the earlier output folder.
    {
        OutputDir out(dir / "result");
        write_text_file(out.path() / "summary.json", "{\"a\":2}");
        out.commit();
    }
    std::ifstream in(dir / "result" / "summary.json");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(text, "{\"a\":2}");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(OutputDir, RefusesForeignFoldersAndMissingParents) {
    const fs::path dir = temp_dir("foreign");
    write_file(dir / "precious.txt", "x");
    EXPECT_THROW(OutputDir{dir}, lc::OutputError);
    EXPECT_THROW(OutputDir{dir / "no" / "such" / "parent"}, lc::OutputError);
}

// A file added to the earlier output while the run computes makes the commit
// fail and survives with the earlier output; the new files are not published.
TEST(OutputDir, CommitRefusesAFileAddedDuringTheRun) {
    const fs::path dir = temp_dir("added");
    {
        OutputDir out(dir / "result");
        write_text_file(out.path() / "summary.json", "{\"a\":1}");
        out.commit();
    }
    {
        OutputDir out(dir / "result");  // accepted: only the files of its manifest
        write_text_file(out.path() / "summary.json", "{\"a\":2}");
        write_file(dir / "result" / "late.txt", "mine");
        try {
            out.commit();
            ADD_FAILURE() << "commit replaced a folder holding late.txt";
        } catch (const lc::OutputError& e) {
            EXPECT_NE(std::string(e.what()).find("changed during the run) holds late.txt"), std::string::npos) << e.what();
        }
    }
    std::ifstream late(dir / "result" / "late.txt");
    std::string text((std::istreambuf_iterator<char>(late)), {});
    EXPECT_EQ(text, "mine");
    std::ifstream summary(dir / "result" / "summary.json");
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(summary)), {}), "{\"a\":1}");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);  // no .tmp- or .old- left
}

// The folder of an input, its parent and the input itself are refused; "PG:"
// sources and missing paths are not paths to protect.
TEST(OutputDir, RefusesAFolderHoldingAnInput) {
    const fs::path dir = temp_dir("input");
    fs::create_directories(dir / "city");
    write_file(dir / "city" / "estates.geojson", "{}");
    const std::vector<RunInput> inputs{{"--estates", (dir / "city" / "estates.geojson").string() + ":estates"},
                                       {"--facilities", "PG:dbname=city:facilities"},
                                       {"--districts", (dir / "missing.geojson").string()}};
    for (const fs::path& out : {dir / "city", dir, dir / "city" / "estates.geojson"}) {
        try {
            OutputDir o(out, inputs);
            ADD_FAILURE() << out << " accepted";
        } catch (const lc::OutputError& e) {
            EXPECT_NE(std::string(e.what()).find("the input " + (dir / "city" / "estates.geojson").string() + " (--estates)"),
                      std::string::npos) << e.what();
        }
    }
    EXPECT_NO_THROW(OutputDir(dir / "city" / "out", inputs));
}

TEST(WriteLayer, GeoJsonInWgs84IsRfc7946AndShapefileKeepsCrsAndUtf8) {
    const fs::path dir = temp_dir("write");
    OutLayer layer;
    layer.name = "estates";
    layer.fields = {{"id", FieldType::string}, {"name", FieldType::string}, {"n", FieldType::integer}};
    Feature f;
    f.geometry = Geometry::point({410449.4253, 3383928.0881});
    f.values = {Value{std::string("E1")}, Value{std::string("新华苑")}, Value{std::int64_t{7}}};
    layer.features.push_back(std::move(f));
    const Crs gk = Crs::from_epsg(4544);
    write_layer(dir, layer, Format::geojson, gk, Crs::wgs84());
    write_layer(dir, layer, Format::shp, gk, gk);
    write_layer(dir, layer, Format::gpkg, gk, gk);
    const VectorLayer back = read_layer(parse_source((dir / "estates.geojson").string()), {});
    EXPECT_EQ(back.source_crs.epsg(), 4326);
    std::ifstream in(dir / "estates.geojson");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text.find("\"crs\""), std::string::npos) << text;  // RFC 7946 has no crs member
    const Point p = back.features[0].geometry.as_point();
    EXPECT_NEAR(p.x, 104.0665, 1e-7);  // the known point of test_crs, back in lon/lat
    EXPECT_NEAR(p.y, 30.5723, 1e-7);
    EXPECT_TRUE(fs::exists(dir / "estates.cpg"));
    const VectorLayer shp = read_layer(parse_source((dir / "estates.shp").string()), {});
    EXPECT_EQ(shp.source_crs.epsg(), 4544);
    EXPECT_EQ(to_text(shp.features[0].values[*shp.field_index("name")]), "新华苑");
    const VectorLayer gpkg = read_layer(parse_source((dir / "estates.gpkg").string()), {});
    EXPECT_EQ(gpkg.source_crs.epsg(), 4544);
    EXPECT_EQ(to_number(gpkg.features[0].values[*gpkg.field_index("n")]), 7.0);
}

// GeoJSON asked for in another CRS (lifecircle's --out-crs) is written in it, not
// in WGS 84: the older GeoJSON form whose "crs" member names the CRS, as GDAL
// writes it. The known point of test_crs (104.0665 E, 30.5723 N = E 410449.4253,
// N 3383928.0881 in EPSG:4544) goes out as lon/lat of CGCS2000 (EPSG:4490, to
// 1e-7 degree) and in EPSG:4544 as it is (to the 3 decimals written).
TEST(WriteLayer, GeoJsonInAnotherCrsNamesItInACrsMember) {
    const fs::path dir = temp_dir("write_crs");
    OutLayer layer;
    layer.name = "sites";
    layer.fields = {{"id", FieldType::string}};
    Feature f;
    f.geometry = Geometry::point({410449.4253, 3383928.0881});
    f.values = {Value{std::string("S1")}};
    layer.features.push_back(std::move(f));
    const Crs gk = Crs::from_epsg(4544);
    auto text_of = [&](const fs::path& file) {
        std::ifstream in(file);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    fs::create_directories(dir / "gk");
    fs::create_directories(dir / "cgcs");
    write_layer(dir / "gk", layer, Format::geojson, gk, gk);
    const std::string gk_text = text_of(dir / "gk" / "sites.geojson");
    EXPECT_NE(gk_text.find("urn:ogc:def:crs:EPSG::4544"), std::string::npos) << gk_text;
    EXPECT_NE(gk_text.find("410449.425"), std::string::npos) << gk_text;
    const VectorLayer gk_back = read_layer(parse_source((dir / "gk" / "sites.geojson").string()), {});
    EXPECT_EQ(gk_back.source_crs.epsg(), 4544);
    EXPECT_NEAR(gk_back.features[0].geometry.as_point().x, 410449.4253, 1e-3);
    EXPECT_NEAR(gk_back.features[0].geometry.as_point().y, 3383928.0881, 1e-3);

    write_layer(dir / "cgcs", layer, Format::geojson, gk, Crs::from_epsg(4490));
    const std::string cgcs_text = text_of(dir / "cgcs" / "sites.geojson");
    EXPECT_NE(cgcs_text.find("urn:ogc:def:crs:EPSG::4490"), std::string::npos) << cgcs_text;
    const VectorLayer cgcs_back = read_layer(parse_source((dir / "cgcs" / "sites.geojson").string()), {});
    EXPECT_TRUE(cgcs_back.source_crs.is_cgcs2000_geographic());
    EXPECT_NEAR(cgcs_back.features[0].geometry.as_point().x, 104.0665, 1e-7);  // lon first, as in every GeoJSON
    EXPECT_NEAR(cgcs_back.features[0].geometry.as_point().y, 30.5723, 1e-7);
    fs::remove_all(dir);
}

// A layer with no features (e.g. no proposed sites) still gets its declared
// geometry type, so QGIS and PostGIS see a Point / MultiPolygon layer, not an
// untyped one; with features, their kinds decide.
TEST(WriteLayer, EmptyLayerKeepsItsDeclaredGeometryType) {
    const fs::path dir = temp_dir("empty_kind");
    const Crs gk = Crs::from_epsg(4544);
    OutLayer sites;
    sites.name = "sites";
    sites.kind = GeometryKind::point;
    sites.fields = {{"id", FieldType::string}};
    OutLayer areas;
    areas.name = "areas";
    areas.kind = GeometryKind::polygon;
    areas.fields = {{"id", FieldType::string}};
    OutLayer untyped;
    untyped.name = "untyped";
    untyped.fields = {{"id", FieldType::string}};
    for (const Format f : {Format::gpkg, Format::shp}) {
        write_layer(dir, sites, f, gk, gk);
        write_layer(dir, areas, f, gk, gk);
    }
    write_layer(dir, untyped, Format::gpkg, gk, gk);
    auto type_of = [&](const std::string& file) {
        GDALDatasetUniquePtr ds(GDALDataset::Open((dir / file).string().c_str(), GDAL_OF_VECTOR));
        EXPECT_NE(ds, nullptr) << file;
        if (!ds) return wkbNone;
        EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 0) << file;
        return wkbFlatten(ds->GetLayer(0)->GetGeomType());
    };
    EXPECT_EQ(type_of("sites.gpkg"), wkbPoint);
    EXPECT_EQ(type_of("sites.shp"), wkbPoint);
    EXPECT_EQ(type_of("areas.gpkg"), wkbMultiPolygon);
    EXPECT_EQ(type_of("areas.shp"), wkbPolygon);  // shapefiles have no multi/single distinction
    EXPECT_EQ(type_of("untyped.gpkg"), wkbUnknown);
    fs::remove_all(dir);
}

// What QGIS needs to open a layer without asking: polygons are MultiPolygon in
// every feature of a WGS 84 GeoJSON (GDAL's RFC7946 mode would turn one-part ones
// into Polygons, which QGIS then offers as two sublayers), with the exterior ring
// counterclockwise and holes clockwise (RFC 7946 3.1.6) even when given the other
// way; shapefile text as wide as its longest value (a 40-character Chinese name is
// 120 bytes, over GDAL's default of 80) and names cut to 10 characters, returned.
TEST(WriteLayer, MultiPolygonsOrientedWideTextAndWrittenNames) {
    const fs::path dir = temp_dir("multi");
    const Crs gk = Crs::from_epsg(4544);
    OutLayer layer;
    layer.name = "estates";
    layer.fields = {{"name", FieldType::string}, {"covered_share", FieldType::real}};
    std::string long_name;
    for (int i = 0; i < 40; ++i) long_name += "园";
    Feature one;  // clockwise exterior, counterclockwise hole: both the wrong way round
    one.geometry = Geometry::from_wkt("POLYGON((500000 3380000,500000 3380100,500100 3380100,500100 3380000,500000 3380000),"
                                      "(500020 3380020,500080 3380020,500080 3380080,500020 3380080,500020 3380020))");
    one.values = {Value{long_name}, Value{0.5}};
    Feature two;
    two.geometry = Geometry::from_wkt("MULTIPOLYGON(((500200 3380000,500300 3380000,500300 3380100,500200 3380000)),"
                                      "((500400 3380000,500500 3380000,500500 3380100,500400 3380000)))");
    two.values = {Value{std::string("E2")}, Value{1.0}};
    layer.features.push_back(std::move(one));
    layer.features.push_back(std::move(two));
    EXPECT_EQ(write_layer(dir, layer, Format::geojson, gk, Crs::wgs84()), (std::vector<std::string>{"name", "covered_share"}));
    EXPECT_EQ(write_layer(dir, layer, Format::shp, gk, gk), (std::vector<std::string>{"name", "covered_sh"}));

    GDALDatasetUniquePtr json(GDALDataset::Open((dir / "estates.geojson").string().c_str(), GDAL_OF_VECTOR));
    ASSERT_NE(json, nullptr);
    OGRLayer* l = json->GetLayer(0);
    EXPECT_EQ(wkbFlatten(l->GetGeomType()), wkbMultiPolygon);
    std::unique_ptr<OGRFeature> f(l->GetNextFeature());
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(wkbFlatten(f->GetGeometryRef()->getGeometryType()), wkbMultiPolygon);
    const OGRPolygon* poly = f->GetGeometryRef()->toMultiPolygon()->getGeometryRef(0);
    EXPECT_FALSE(poly->getExteriorRing()->isClockwise());
    EXPECT_TRUE(poly->getInteriorRing(0)->isClockwise());
    std::unique_ptr<OGRFeature> g(l->GetNextFeature());
    EXPECT_EQ(g->GetGeometryRef()->toMultiPolygon()->getNumGeometries(), 2);

    GDALDatasetUniquePtr shp(GDALDataset::Open((dir / "estates.shp").string().c_str(), GDAL_OF_VECTOR));
    ASSERT_NE(shp, nullptr);
    EXPECT_EQ(shp->GetLayer(0)->GetLayerDefn()->GetFieldDefn(0)->GetWidth(), 120);
    std::unique_ptr<OGRFeature> s(shp->GetLayer(0)->GetNextFeature());
    EXPECT_EQ(std::string(s->GetFieldAsString(0)), long_name);
    fs::remove_all(dir);
}

// A GeoPackage carries its layer's style in layer_styles (QGIS's GeoPackage
// styling extension), as the default of that layer and geometry column.
TEST(WriteLayer, GeoPackageStoresItsStyle) {
    const fs::path dir = temp_dir("gpkg_style");
    const Crs gk = Crs::from_epsg(4544);
    OutLayer layer;
    layer.name = "sites";
    layer.fields = {{"id", FieldType::string}};
    Feature f;
    f.geometry = Geometry::point({500000, 3380000});
    f.values = {Value{std::string("S1")}};
    layer.features.push_back(std::move(f));
    write_layer(dir, layer, Format::gpkg, gk, gk);
    store_gpkg_style(dir / "sites.gpkg", "sites", "<qgis/>", "lifecircle");
    GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "sites.gpkg").string().c_str(), GDAL_OF_VECTOR));
    ASSERT_NE(ds, nullptr);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    ASSERT_NE(styles, nullptr);
    ASSERT_EQ(styles->GetFeatureCount(), 1);
    std::unique_ptr<OGRFeature> row(styles->GetNextFeature());
    EXPECT_STREQ(row->GetFieldAsString("f_table_name"), "sites");
    EXPECT_STREQ(row->GetFieldAsString("f_geometry_column"), "geom");
    EXPECT_STREQ(row->GetFieldAsString("styleQML"), "<qgis/>");
    EXPECT_EQ(row->GetFieldAsInteger("useAsDefault"), 1);
    EXPECT_THROW(store_gpkg_style(dir / "sites.gpkg", "nonsense", "<qgis/>", ""), lc::OutputError);
    fs::remove_all(dir);
}

// A geometry a Shapefile layer cannot take (a polygon after a point: the .shp
// became a point shapefile with the first feature) is the data's fault: the
// message names the layer, the feature (its id) and GDAL's reason, and does not
// blame a full disk.
TEST(WriteLayer, GeometryTheFormatRefusesIsNamedNotBlamedOnTheDisk) {
    const fs::path dir = temp_dir("write_mixed");
    OutLayer layer;
    layer.name = "sites";
    layer.fields = {{"id", FieldType::string}};
    Feature a;
    a.geometry = Geometry::point({500100.0, 3400100.0});
    a.values = {Value{std::string("S1")}};
    Feature b;
    const Point ring[4] = {{500000.0, 3400000.0}, {500100.0, 3400000.0}, {500100.0, 3400100.0}, {500000.0, 3400100.0}};
    b.geometry = Geometry::polygon(ring);
    b.values = {Value{std::string("S2")}};
    layer.features.push_back(std::move(a));
    layer.features.push_back(std::move(b));
    const Crs gk = Crs::from_epsg(4544);
    try {
        write_layer(dir, layer, Format::shp, gk, gk);
        FAIL() << "expected an OutputError";
    } catch (const lc::OutputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("sites.shp"), std::string::npos) << msg;
        EXPECT_NE(msg.find("layer 'sites', feature S2"), std::string::npos) << msg;
        EXPECT_NE(msg.find("point shapefile"), std::string::npos) << msg;  // GDAL's own reason
        EXPECT_EQ(msg.find("disk full"), std::string::npos) << msg;
    }
}
