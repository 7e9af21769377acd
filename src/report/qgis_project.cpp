#include "report/qgis_project.hpp"

#include "pipeline/outputs.hpp"
#include "report/html_report.hpp"
#include "report/i18n.hpp"

#include <algorithm>

namespace lc::app {
namespace {

/// Top to bottom in the layer tree (and so in drawing order, reversed).
int tree_rank(const std::string& id) {
    static const std::vector<std::string> order = {"plan_sites",    "proposed_sites", "facilities", "service_areas_after",
                                                   "service_areas_groups_after", "estates_after", "service_areas", "service_areas_groups", "population", "estates",
                                                   "districts"};
    const auto it = std::find(order.begin(), order.end(), id);
    return static_cast<int>(it - order.begin());
}

std::string srs_xml(const geo::Crs& crs, const std::string& indent) {
    const auto epsg = crs.epsg();
    const std::string authid = epsg ? "EPSG:" + std::to_string(*epsg) : "";
    return indent + "<spatialrefsys>\n" + indent + "  <wkt>" + html_escape(crs.wkt()) + "</wkt>\n" +
           indent + "  <proj4></proj4>\n" + indent + "  <srsid>0</srsid>\n" + indent + "  <srid>" +
           (epsg ? std::to_string(*epsg) : "0") + "</srid>\n" + indent + "  <authid>" + authid + "</authid>\n" + indent +
           "  <description>" + html_escape(crs.name()) + "</description>\n" + indent +
           "  <projectionacronym></projectionacronym>\n" + indent + "  <ellipsoidacronym></ellipsoidacronym>\n" + indent +
           "  <geographicflag>" + (crs.is_geographic() ? "true" : "false") + "</geographicflag>\n" + indent +
           "</spatialrefsys>\n";
}

/// The inside of a .qml document (its <qgis> element's children), for a <maplayer>.
std::string qml_inner(const std::string& qml) {
    const auto open = qml.find("<qgis ");
    const auto start = qml.find(">\n", open);
    const auto end = qml.rfind("</qgis>");
    if (open == std::string::npos || start == std::string::npos || end == std::string::npos) return {};
    return qml.substr(start + 2, end - start - 2);
}

bool labels_enabled(const std::string& qml) {
    const auto end = qml.find(">\n", qml.find("<qgis "));
    return qml.substr(0, end).find("labelsEnabled=\"1\"") != std::string::npos;
}

std::string geometry_name(QmlGeometry g) {
    switch (g) {
    case QmlGeometry::point: return "Point";
    case QmlGeometry::line: return "Line";
    case QmlGeometry::polygon: break;
    }
    return "Polygon";
}

/// QGIS replaces a layer id without an underscore by a generated one (which the
/// layer tree would then not find): lifecircle_estates, not estates.
std::string xml_id(const ProjectLayer& l) { return "lifecircle_" + html_escape(l.id); }

/// The walking groups' service areas (three per facility, stacked) start hidden:
/// one tick away, they would otherwise hide the estates' colours.
bool shown_on_open(const ProjectLayer& l) { return l.id.rfind("service_areas_groups", 0) != 0; }

std::string tree_layer(const ProjectLayer& l, const std::string& indent) {
    return indent + "<layer-tree-layer id=\"" + xml_id(l) + "\" name=\"" + html_escape(l.title) + "\" source=\"" +
           html_escape(l.source) + "\" providerKey=\"ogr\" checked=\"" +
           (shown_on_open(l) ? "Qt::Checked" : "Qt::Unchecked") + "\" expanded=\"1\" legend_exp=\"\">\n" + indent +
           "  <customproperties><Option/></customproperties>\n" + indent + "</layer-tree-layer>\n";
}

/// The layer's <resourceMetadata> with its <rights> (none: "").
std::string rights_xml(const std::vector<std::string>& rights) {
    if (rights.empty()) return {};
    std::string x = "      <resourceMetadata>\n";
    for (const auto& r : rights) x += "        <rights>" + html_escape(r) + "</rights>\n";
    return x + "      </resourceMetadata>\n";
}

/// The layer's named styles (none besides its own: ""): the current one by name
/// only, the others whole, as QGIS writes them.
std::string style_manager(const ProjectLayer& l) {
    if (l.other_styles.empty()) return {};
    std::string x = "      <map-layer-style-manager current=\"" + html_escape(l.style_name) + "\">\n";
    x += "        <map-layer-style name=\"" + html_escape(l.style_name) + "\"/>\n";
    for (const auto& [name, qml] : l.other_styles) {
        const auto start = qml.find("<qgis ");
        x += "        <map-layer-style name=\"" + html_escape(name) + "\">\n" + qml.substr(start) +
             "        </map-layer-style>\n";
    }
    return x + "      </map-layer-style-manager>\n";
}

std::string map_layer(const ProjectLayer& l) {
    return "    <maplayer type=\"vector\" geometry=\"" + geometry_name(l.geometry) + "\" wkbType=\"" + l.wkb_type +
           "\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\" readOnly=\"0\" labelsEnabled=\"" +
           (labels_enabled(l.qml) ? "1" : "0") + "\" styleCategories=\"AllStyleCategories\">\n" + "      <id>" + xml_id(l) + "</id>\n      <datasource>" + html_escape(l.source) + "</datasource>\n      <layername>" +
           html_escape(l.title) + "</layername>\n      <srs>\n" + srs_xml(l.crs, "        ") +
           "      </srs>\n" + rights_xml(l.rights) + "      <provider encoding=\"UTF-8\">ogr</provider>\n" + style_manager(l) +
           qml_inner(l.qml) + "    </maplayer>\n";
}

std::string group_xml(const std::vector<ProjectLayer>& layers, LayerGroup group, const std::string& name, bool shown) {
    std::string body;
    for (const auto& l : layers) {
        if (l.group == group) body += tree_layer(l, "      ");
    }
    if (body.empty()) return {};
    return "    <layer-tree-group name=\"" + html_escape(name) +
           "\" checked=\"" + (shown ? "Qt::Checked" : "Qt::Unchecked") + "\" expanded=\"1\" groupLayer=\"\">\n      <customproperties><Option/></customproperties>\n" +
           body + "    </layer-tree-group>\n";
}

}  // namespace

std::string qgis_project(std::vector<ProjectLayer> layers, const geo::Crs& crs, const geo::Box& extent,
                         const std::string& title, const std::string& lang) {
    std::stable_sort(layers.begin(), layers.end(),
                     [](const ProjectLayer& a, const ProjectLayer& b) { return tree_rank(a.id) < tree_rank(b.id); });
    // The tree: the top-level layers that draw over the city (sites, facilities),
    // the after group, the before group, then the top-level base layers (districts).
    const int split = tree_rank("service_areas_after");
    std::string tree;
    for (const auto& l : layers) {
        if (l.group == LayerGroup::top && tree_rank(l.id) < split) tree += tree_layer(l, "    ");
    }
    // With an after group, it is shown and the before group hidden (one click away):
    // the two would draw over each other.
    const std::string after = group_xml(layers, LayerGroup::after, tr("group.after", lang), true);
    tree += after + group_xml(layers, LayerGroup::before, tr("group.before", lang), after.empty());
    for (const auto& l : layers) {
        if (l.group == LayerGroup::top && tree_rank(l.id) >= split) tree += tree_layer(l, "    ");
    }
    std::string maps;
    for (const auto& l : layers) maps += map_layer(l);
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis projectname=\"" +
           html_escape(title) + "\" version=\"3.22.16-Białowieża\">\n  <homePath path=\"\"/>\n  <title>" + html_escape(title) +
           "</title>\n  <projectCrs>\n" + srs_xml(crs, "    ") + "  </projectCrs>\n  <layer-tree-group>\n" +
           "    <customproperties><Option/></customproperties>\n" + tree + "    <custom-order enabled=\"0\"/>\n" +
           "  </layer-tree-group>\n  <projectlayers>\n" + maps + "  </projectlayers>\n" +
           "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n    <units>" +
           (crs.is_geographic() ? "degrees" : "meters") + "</units>\n    <extent>\n      <xmin>" + format_number(extent.min_x, 3, false) +
           "</xmin>\n      <ymin>" + format_number(extent.min_y, 3, false) + "</ymin>\n      <xmax>" + format_number(extent.max_x, 3, false) +
           "</xmax>\n      <ymax>" + format_number(extent.max_y, 3, false) + "</ymax>\n    </extent>\n    <rotation>0</rotation>\n" +
           "    <destinationsrs>\n" + srs_xml(crs, "      ") + "    </destinationsrs>\n  </mapcanvas>\n" +
           "  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n"
           "    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    </SpatialRefSys>\n"
           "  </properties>\n"
           "</qgis>\n";
}

}  // namespace lc::app
