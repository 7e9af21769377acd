#include "pipeline/field_guess.hpp"

#include "pipeline/field_roles.hpp"

#include <algorithm>
#include <set>

namespace lc::app {
namespace {

/// Usual names by role; `layer` "" applies to every layer that reads the role,
/// a layer's own row comes first (小区编号 is an estate's id but a facility's estate_id).
struct Synonyms {
    std::string_view layer;
    std::string_view role;
    std::vector<std::string_view> names;
};

const std::vector<Synonyms>& synonyms() {
    static const std::vector<Synonyms> table = {
        {"estates", "id", {"小区编号", "小区代码", "小区id"}},
        {"facilities", "id", {"设施编号", "设施代码", "机构编号"}},
        {"districts", "id", {"区划代码", "行政区划代码", "区编号", "区代码"}},
        {"parcels", "id", {"地块编号", "地块代码"}},
        {"candidates", "id", {"候选编号", "地块编号"}},
        {"", "id", {"编号", "代码", "编码", "序号", "code", "fid_1", "objectid"}},
        {"", "households", {"户数", "总户数", "住户数", "居民户数", "households_total", "hh", "hhs", "household"}},
        {"", "population", {"人口", "总人口", "常住人口", "人口数", "人数", "居住人口", "户籍人口", "pop", "population_total"}},
        {"", "elderly",
         {"老年人口", "60岁以上人口", "60岁及以上人口", "老年人", "老年人数", "老人数", "老年人口数", "60岁以上老人",
          "elderly_population", "aged", "pop60", "pop_60"}},
        {"estates", "name", {"小区名称", "小区名", "楼盘名称"}},
        {"facilities", "name", {"设施名称", "机构名称"}},
        {"districts", "name", {"区名称", "行政区名称", "区名", "区县名称"}},
        {"candidates", "name", {"地块名称"}},
        {"", "name", {"名称", "名字", "name_zh", "名"}},
        {"", "community", {"社区", "所属社区", "社区名称", "居委会", "社区居委会"}},
        {"", "street", {"街道", "所属街道", "街道名称", "街道办", "乡镇街道", "镇街"}},
        {"", "district", {"区", "行政区", "所属区", "区县", "所属区县", "区名称"}},
        {"", "is_new", {"新建", "是否新建", "新建小区", "new", "isnew"}},
        {"", "kind", {"类型", "设施类型", "类别", "设施类别", "级别", "type", "category"}},
        {"", "building_area", {"建筑面积", "总建筑面积", "building_area_m2", "floor_area", "gfa"}},
        {"parcels", "area", {"面积", "地块面积", "用地面积", "area_m2"}},
        {"", "land_area", {"用地面积", "占地面积", "land_area_m2"}},
        {"", "beds", {"床位", "床位数", "总床位", "总床位数", "bed"}},
        {"", "nursing_beds", {"护理床位", "护理型床位", "护理床位数", "护理型床位数", "nursing"}},
        {"", "estate_id", {"小区编号", "所属小区", "所属小区编号", "小区id"}},
        {"", "capacity_households", {"容量户数", "服务户数", "可服务户数", "capacity"}},
        {"", "land_use", {"用地性质", "用地类型", "土地用途", "用地分类", "landuse"}},
    };
    return table;
}

/// Lower-case ASCII, no blanks, no unit in brackets at the end.
std::string normal(std::string_view name) {
    std::string s(name);
    for (const char* open : {"(", "（", "["}) {
        if (const auto p = s.find(open); p != std::string::npos && p > 0) s.erase(p);
    }
    std::string out;
    for (const char c : s) {
        if (c == ' ' || c == '\t') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

}  // namespace

std::vector<std::string_view> usual_names(std::string_view layer, std::string_view role) {
    std::vector<std::string_view> out;
    for (const bool own : {true, false}) {
        for (const auto& s : synonyms()) {
            if (s.role == role && (own ? s.layer == layer : s.layer.empty())) out.insert(out.end(), s.names.begin(), s.names.end());
        }
    }
    return out;
}

LayerGuess guess_fields(std::string_view layer, const std::vector<std::string>& fields) {
    LayerGuess g;
    const auto& table = field_roles();
    const auto it = std::find_if(table.begin(), table.end(), [&](const LayerRoles& l) { return l.layer == layer; });
    if (it == table.end()) return g;
    std::set<std::string> taken;
    // First every role found under its own name, so that no synonym takes it.
    for (const auto role : it->roles) {
        if (std::find(fields.begin(), fields.end(), std::string(role)) != fields.end()) taken.insert(std::string(role));
    }
    for (const auto role : it->roles) {
        const std::string r(role);
        if (std::find(fields.begin(), fields.end(), r) != fields.end()) {
            g.found.push_back({r, r, true});
            continue;
        }
        std::string hit;
        for (const auto name : usual_names(layer, role)) {
            for (const auto& f : fields) {
                if (taken.count(f) == 0 && (normal(f) == name || normal(f) == r)) {
                    hit = f;
                    break;
                }
            }
            if (!hit.empty()) break;
        }
        if (hit.empty()) {  // the role's name in another case or with a unit: "ID", "Elderly (persons)"
            for (const auto& f : fields) {
                if (taken.count(f) == 0 && normal(f) == r) hit = f;
            }
        }
        if (hit.empty()) {
            g.missing.push_back(r);
            continue;
        }
        taken.insert(hit);
        g.found.push_back({r, hit, false});
    }
    return g;
}

}  // namespace lc::app
