// The QGIS styles: each parses as XML (GDAL's CPLParseXMLString), is a QGIS 3
// style document and names the fields its renderer and labels use.
#include "lc/error.hpp"
#include "report/qml_style.hpp"

#include <cpl_minixml.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace lc::app {
namespace {

struct XmlDeleter {
    void operator()(CPLXMLNode* n) const { CPLDestroyXMLNode(n); }
};
using Xml = std::unique_ptr<CPLXMLNode, XmlDeleter>;

/// The <qgis> element of a parsed document (siblings: the DOCTYPE node).
const CPLXMLNode* qgis_root(const CPLXMLNode* doc) {
    for (const CPLXMLNode* n = doc; n; n = n->psNext) {
        if (n->eType == CXT_Element && std::string(n->pszValue) == "qgis") return n;
    }
    return nullptr;
}

std::size_t count_elements(const CPLXMLNode* n, const std::string& name) {
    std::size_t c = 0;
    for (const CPLXMLNode* k = n ? n->psChild : nullptr; k; k = k->psNext) {
        if (k->eType != CXT_Element) continue;
        if (name == k->pszValue) ++c;
        c += count_elements(k, name);
    }
    return c;
}

struct Case {
    std::string layer;
    std::string renderer;
    std::vector<std::string> fields;  ///< must appear in the renderer or labeling
    std::size_t symbols;
    bool labels;
};

TEST(ReportQml, EveryLayerIsAValidQgisStyle) {
    const std::vector<Case> cases = {
        {"estates", "RuleRenderer", {"\"meets_area\"", "\"covered\"", "name"}, 4, true},
        {"coverage_estates", "graduatedSymbol", {"covered_share", "name"}, 3, true},
        {"facilities", "categorizedSymbol", {"kind", "name"}, 6, true},
        {"service_areas", "singleSymbol", {}, 1, false},
        {"proposed_sites", "singleSymbol", {"rank"}, 1, true},
        {"districts", "categorizedSymbol", {"meets_land", "name"}, 2, true},
        {"population", "graduatedSymbol", {"covered"}, 2, false},
        {"plan_sites", "categorizedSymbol", {"level", "phase"}, 3, true},
    };
    ASSERT_EQ(cases.size(), qml_layer_names().size());
    for (const auto& c : cases) {
        SCOPED_TRACE(c.layer);
        const std::string qml = qml_for_layer(c.layer);
        ASSERT_EQ(qml.rfind("<!DOCTYPE qgis", 0), 0u);
        Xml doc(CPLParseXMLString(qml.c_str()));
        ASSERT_TRUE(doc) << "not XML";
        const CPLXMLNode* root = qgis_root(doc.get());
        ASSERT_NE(root, nullptr);
        EXPECT_EQ(std::string(CPLGetXMLValue(root, "version", "")).rfind("3.28", 0), 0u);
        EXPECT_NE(std::string(CPLGetXMLValue(root, "styleCategories", "")).find("Symbology"), std::string::npos);
        const CPLXMLNode* renderer = CPLGetXMLNode(root, "renderer-v2");
        ASSERT_NE(renderer, nullptr);
        EXPECT_EQ(std::string(CPLGetXMLValue(renderer, "type", "")), c.renderer);
        EXPECT_EQ(count_elements(CPLGetXMLNode(renderer, "symbols"), "symbol"), c.symbols);
        const CPLXMLNode* labeling = CPLGetXMLNode(root, "labeling");
        EXPECT_EQ(labeling != nullptr, c.labels);
        EXPECT_EQ(std::string(CPLGetXMLValue(root, "labelsEnabled", "")), c.labels ? "1" : "0");
        // The fields named, as QGIS reads them (attr, filter, fieldName).
        std::string named = CPLGetXMLValue(renderer, "attr", "");
        for (const CPLXMLNode* r = CPLGetXMLNode(renderer, "rules") ? CPLGetXMLNode(renderer, "rules")->psChild : nullptr; r;
             r = r->psNext) {
            named += std::string(" ") + CPLGetXMLValue(r, "filter", "");
        }
        if (labeling) named += std::string(" ") + CPLGetXMLValue(labeling, "settings.text-style.fieldName", "");
        for (const auto& f : c.fields) EXPECT_NE(named.find(f), std::string::npos) << f << " in: " << named;
        EXPECT_EQ(std::string(CPLGetXMLValue(root, "layerGeometryType", "")),
                  c.layer == "facilities" || c.layer == "proposed_sites" || c.layer == "plan_sites" ? "0" : "2");
    }
}

TEST(ReportQml, CategoriesAndRulesCoverTheValues) {
    Xml doc(CPLParseXMLString(qml_for_layer("facilities").c_str()));
    const CPLXMLNode* cats = CPLGetXMLNode(qgis_root(doc.get()), "renderer-v2.categories");
    ASSERT_NE(cats, nullptr);
    std::string values;
    for (const CPLXMLNode* c = cats->psChild; c; c = c->psNext) values += std::string(CPLGetXMLValue(c, "value", "?")) + ";";
    EXPECT_EQ(values, "station;day_care;centre;institution;rural_home;;");

    const std::string estates = qml_for_layer("estates");
    EXPECT_NE(estates.find("&quot;meets_area&quot; = 0 AND &quot;covered&quot; = 0"), std::string::npos);
    EXPECT_NE(estates.find("b_diagonal"), std::string::npos);  // hatching for outside the walk
    EXPECT_NE(estates.find("未达标"), std::string::npos);       // bilingual labels
    // Service areas: an opaque fill in a translucent layer, so that overlaps do not
    // stack into a darker blue over the estates' colours.
    const std::string areas = qml_for_layer("service_areas");
    EXPECT_NE(areas.find("116,192,252,255"), std::string::npos);
    EXPECT_NE(areas.find("<layerOpacity>0.35</layerOpacity>"), std::string::npos);
}

// A shapefile's cut names: the style refers to the written names and restores
// the full ones as aliases (QGIS reads <aliases> with the Fields category).
TEST(ReportQml, WrittenNamesAndAliases) {
    const std::string qml =
        qml_for_layer("coverage_estates", QmlGeometry::polygon, {{"covered_share", "covered_sh"}, {"covered_elderly", "covered_el"}});
    Xml doc(CPLParseXMLString(qml.c_str()));
    const CPLXMLNode* root = qgis_root(doc.get());
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(std::string(CPLGetXMLValue(root, "renderer-v2.attr", "")), "covered_sh");
    EXPECT_EQ(qml.find("covered_share\""), qml.find("name=\"covered_share\"") + 6);  // only as an alias
    const CPLXMLNode* aliases = CPLGetXMLNode(root, "aliases");
    ASSERT_NE(aliases, nullptr);
    EXPECT_EQ(count_elements(root, "alias"), 2u);
    EXPECT_EQ(std::string(CPLGetXMLValue(aliases, "alias.field", "")), "covered_sh");
    EXPECT_EQ(std::string(CPLGetXMLValue(aliases, "alias.name", "")), "covered_share");
    EXPECT_NE(std::string(CPLGetXMLValue(root, "styleCategories", "")).find("Fields"), std::string::npos);
}

TEST(ReportQml, PointAndPolygonVariantsAndUnknownLayer) {
    EXPECT_NE(qml_for_layer("population", QmlGeometry::point).find("type=\"marker\""), std::string::npos);
    EXPECT_NE(qml_for_layer("population", QmlGeometry::polygon).find("type=\"fill\""), std::string::npos);
    EXPECT_NE(qml_for_layer("facilities", QmlGeometry::polygon).find("SimpleFill"), std::string::npos);
    EXPECT_THROW((void)qml_for_layer("nonsense"), ArgumentError);
}

}  // namespace
}  // namespace lc::app
