// The reasons, notes and warnings of a run in Chinese. The pipeline writes them
// in English, with ids and figures inside ("street 北关街道 has no compliant
// centre; enlarge F05: beds 12 -> 30 ..."); the Chinese text is each known
// sentence rewritten as a planner would write it, ids and figures kept. A
// sentence not known here stays English, and tests/cli/test_lang_cli.cpp's scan
// of the demo's zh outputs finds it.
#include "report/i18n.hpp"

#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace lc::app {
namespace {

/// A figure as format_number writes it ("1,500", "0.100", "-3").
#define LC_N "(-?[0-9][0-9,]*(?:\\.[0-9]+)?)"

struct Rule {
    std::regex from;
    std::string to;
};

Rule rule(const std::string& from, std::string to) { return {std::regex(from), std::move(to)}; }

std::string apply(std::string text, const std::vector<Rule>& rules) {
    for (const auto& r : rules) text = std::regex_replace(text, r.from, r.to);
    return text;
}

/// Parts of a hierarchy reason (GroupAudit::reason), in the order the audit writes them.
const std::vector<Rule>& group_rules() {
    static const std::vector<Rule> rules = {
        rule("^no station$", "社区内无养老服务站"),
        rule("^no centre$", "街道内无综合养老服务中心"),
        rule("^largest station (\\S+) has " LC_N " m² < " LC_N " m²$", "最大的养老服务站$1建筑面积$2 m²，低于$3 m²的下限"),
        // A centre's shortfalls: "F05: 800 m² < 1,500 m² 12 beds < 30 nursing 50% < 70%".
        rule("^(\\S+):", "$1："),
        rule("： " LC_N " m² < " LC_N " m²", "：建筑面积$1 m²，低于$2 m²"),
        rule(" " LC_N " beds < " LC_N, "；床位$1张，少于$2张"),
        rule(" nursing " LC_N "% < " LC_N "%", "；护理型床位占比$1%，低于$2%"),
        rule("：；", "："),
    };
    return rules;
}

/// The sentences of the layout plan (src/pipeline/layout/*.cpp), most specific first.
const std::vector<Rule>& layout_rules() {
    static const std::vector<Rule> rules = {
        // Stations for coverage (stations.cpp).
        // The plan's siting (stations.cpp: plan --layout builds on plan's sites).
        rule("^the plan's site (\\S+) \\(rank ([0-9]+)\\) on this parcel; ", "落实规划布点$1（排序第$2）于本地块；"),
        rule("^not one of the plan's sites \\(it covers what the plan's sites off parcels or the ([0-9]+) elderly need\\); ",
             "非规划布点（用于覆盖不在地块上的规划布点所服务的小区，或$1年的老年人口需求）；"),
        rule("the plan's site (\\S+) (.*?) ?\\(rank ([0-9]+)\\) is on no parcel \\(a ground floor or a park building\\)",
             "规划布点$1 $2（排序第$3）不在任何地块上（底商或公园配套用房）"),
        rule("the plan's site (\\S+) (.*?) ?\\(rank ([0-9]+)\\) is on parcel (\\S+), which a centre or institution of the layout takes",
             "规划布点$1 $2（排序第$3）所在地块$4已安排综合养老服务中心或养老机构"),
        rule("the plan's site (\\S+) (.*?) ?\\(rank ([0-9]+)\\) is on parcel (\\S+), whose land use \\((.+?)\\) does not allow it",
             "规划布点$1 $2（排序第$3）所在地块$4的用地性质（$5）不允许设置"),
        rule("the plan's site (\\S+) (.*?) ?\\(rank ([0-9]+)\\) is on parcel (\\S+), smaller than " LC_N " m²",
             "规划布点$1 $2（排序第$3）所在地块$4小于$5 m²"),
        rule("the plan's site (\\S+) (.*?) ?\\(rank ([0-9]+)\\) is on parcel (\\S+), which another of the plan's sites takes",
             "规划布点$1 $2（排序第$3）所在地块$4已由另一规划布点使用"),
        rule("; the layout plans land parcels, so parcels cover its estates instead \\(a lease or conversion of floor space there would serve them as well\\)",
             "；布局规划只安排用地，故以其他地块覆盖其服务的小区（在该处租赁或改造用房同样可服务这些小区）"),
        rule("15-minute coverage: \\+" LC_N " elderly \\((.+?), rank ([0-9]+)\\); " LC_N " households served × " LC_N " m²/100",
             "15分钟服务圈：新增覆盖老年人$1人（$2，排序第$3）；服务$4户，按每百户$5 m²配建"),
        rule("lscp \\(optimal\\)", "最少设施覆盖模型，最优解"),
        rule("lscp \\(feasible\\)", "最少设施覆盖模型，可行解"),
        rule("lscp \\(time_limit\\)", "最少设施覆盖模型，达到时间上限"),
        rule("lscp \\((\\w+)\\)", "最少设施覆盖模型，$1"),
        rule("no facility and no candidate parcel \\(free, vacant/convertible, ≥ " LC_N " m²\\) within " LC_N " m of walking",
             "步行" "$2米内既无现有设施，也无可用的候选地块（空闲或可改造、不小于$1 m²）"),
        rule("no facility and no candidate parcel \\(free, vacant/convertible, ≥ " LC_N " m²\\) within " LC_N " m",
             "$2米内既无现有设施，也无可用的候选地块（空闲或可改造、不小于$1 m²）"),
        // Stations for a community without one.
        rule("community (.+?) has no compliant station \\(", "$1：无达标养老服务站（"),
        rule("\\(below minimum\\)", "（面积不足）"),
        rule("\\); p-median \\((.+?)\\) over ([0-9]+) parcels of the community",
             "）；在该社区$2宗候选地块中按P中位模型（$1）选址"),
        rule("no free vacant/convertible parcel of ≥ " LC_N " m² in the community",
             "社区内无不小于$1 m²的空闲或可改造地块"),
        // Enlarged stations.
        rule("^(\\S+) has " LC_N " m² < " LC_N " m²: enlarge ", "$1建筑面积$2 m²，低于$3 m²：扩建，"),
        rule("\\(≥ " LC_N " m² at plot ratio " LC_N "\\)", "（按容积率$2需用地不少于$1 m²）"),
        // Where the land comes from (work.cpp claim_land, institutions.cpp).
        rule(": \\+" LC_N " beds", "：增加床位$1张"),
        rule(" ?on parcel (\\S+) \\(" LC_N " m²\\)", "，使用地块$1（$2 m²）"),
        rule(" ?on its own land \\(" LC_N " m²\\)", "，利用自有用地（$1 m²）"),
        rule(" ?on its parcel (\\S+)", "，利用所在地块$1"),
        rule(" ?on parcel (\\S+)", "，使用地块$1"),
        // Centres (centres.cpp).
        rule("street (.+?) has no compliant centre; enlarge (\\S+):", "$1：无达标综合养老服务中心；扩建$2："),
        rule(" building " LC_N " -> " LC_N " m²", "，建筑面积$1→$2 m²"),
        rule(" nursing beds " LC_N " -> " LC_N, "，护理型床位$1→$2张"),
        rule("\\(land " LC_N " m² ≥ " LC_N " m² at plot ratio " LC_N "\\)", "（用地$1 m²，不少于按容积率$3所需的$2 m²）"),
        rule("\\(no more floor area needed\\)", "（建筑面积已达标，无需扩大）"),
        rule("street (.+?) has no compliant centre \\(", "$1：无达标综合养老服务中心（"),
        rule("; (\\S+) cannot grow to " LC_N " m² on " LC_N " m² of land", "；$1现有用地$3 m²，无法扩建至$2 m²"),
        rule("\\); p-median \\((.+?)\\) over ([0-9]+) parcels of the street with ≥ " LC_N " m²",
             "）；在该街道$2宗用地不少于$3 m²的地块中按P中位模型（$1）选址"),
        rule("no free parcel of the street has the " LC_N " m² a centre needs",
             "街道内没有空闲地块能提供综合养老服务中心所需的$1 m²用地"),
        rule("no free vacant/convertible parcel in the street", "街道内无空闲或可改造地块"),
        // Institutions (institutions.cpp, beds.cpp, phases.cpp).
        rule("beds per 1000 elderly of (\\S+): " LC_N " beds < " LC_N " required \\(" LC_N " per 1000 elderly\\)",
             "$1每千名老年人床位：现有$2张，少于应有的$3张（每千名老年人$4张）"),
        rule("public beds of (\\S+) " LC_N " < " LC_N " required \\(" LC_N "% of the elderly\\)",
             "$1公办养老机构床位$2张，少于应有的$3张（老年人口的$4%）"),
        rule("p-median \\((.+?)\\) over ([0-9]+) parcels of (\\S+) with ≥ " LC_N " m² \\(" LC_N " beds × " LC_N " m²/bed\\)",
             "在$3的$2宗用地不少于$4 m²的地块中按P中位模型（$1）选址（$5张床位 × 每床$6 m²）"),
        rule("no parcel of (\\S+) holds " LC_N " m²: the largest takes " LC_N " beds",
             "$1没有地块能容纳$2 m²：最大地块可容纳$3张床位"),
        rule("no free vacant/convertible parcel in the district for an institution \\(" LC_N " m² of land per bed\\)",
             "区内无可建养老机构的空闲或可改造地块（每床用地$1 m²）"),
        rule("the district's institutions are at their land's capacity", "区内养老机构用地已无扩容余地"),
        rule(": " LC_N " beds = " LC_N " per 1000 elderly < " LC_N "$", "：床位$1张，即每千名老年人$2张，低于$3张"),
        rule("; built for ([0-9]+) with " LC_N " beds \\(the need of (\\S+) that year\\), enlarged later to " LC_N,
             "；按$3 $1年的需求先建床位$2张，以后扩建至$4张"),
        rule("enlarge the institution on parcel (\\S+) for ([0-9]+): beds " LC_N " -> " LC_N
             " \\((\\S+) needs " LC_N " institution beds that year: max\\(public beds, beds per 1000 elderly\\)\\)",
             "$2年扩建地块$1上的养老机构：床位$3→$4张（$5当年需机构床位$6张，取公办床位与每千名老年人床位两项要求中的较大值）"),
        rule("enlarge (\\S+) for ([0-9]+): beds " LC_N " -> " LC_N
             " \\((\\S+) needs " LC_N " institution beds that year: max\\(public beds, beds per 1000 elderly\\)\\)",
             "$2年扩建$1：床位$3→$4张（$5当年需机构床位$6张，取公办床位与每千名老年人床位两项要求中的较大值）"),
        rule("\\(" LC_N " m² at " LC_N " m²/bed allows " LC_N "\\)", "（用地$1 m²，按每床$2 m²可容纳$3张）"),
        rule(" beds " LC_N " -> " LC_N, "，床位$1→$2张"),
        rule("; enlarges (\\S+)", "；扩建$1"),
        // Land reserves (land.cpp).
        rule("land reserve \\(预留养老用地\\): (\\S+) has " LC_N " < " LC_N " m²/person; " LC_N " m² of this parcel close " LC_N " m²",
             "预留养老用地：$1人均养老设施用地$2 m²，低于$3 m²；本地块$4 m²用于弥补$5 m²的缺口"),
        rule("; \\+" LC_N " m² of the parcel reserved: (\\S+) land " LC_N " < " LC_N " m²/person",
             "；另预留本地块$1 m²：$2人均养老设施用地$3 m²，低于$4 m²"),
        // Notes (run_layout.cpp, beds.cpp, work.cpp).
        rule("([0-9]+) parcel\\(s\\) with land use '(.+?)' are not candidates \\(only vacant, convertible and public-service land\\)",
             "$1宗用地性质为“$2”的地块不作为候选（仅空闲用地、可改造用地和公共服务设施用地可选）"),
        rule("the profile has no beds\\.per_1000_elderly for ([0-9]+): the beds-per-1000-elderly target is not applied in that phase",
             "标准未给出$1年的每千名老年人床位数（beds.per_1000_elderly），该期不考核此项指标"),
        rule("district (\\S+) has no elderly today; its projection cannot be spread over estates",
             "$1现状无老年人口，预测值无法分配到各小区"),
        rule("projection table: district '(.+?)' matches no district; ignored", "预测表中的区县“$1”与任何区县都不对应，已忽略"),
        rule("^stations: ", "养老服务站："),
        // A hierarchy reason inside a layout reason.
        rule("largest station (\\S+) has " LC_N " m² < " LC_N " m²", "最大的养老服务站$1建筑面积$2 m²，低于$3 m²"),
        rule(" ?\\(no station\\)", "（社区内无养老服务站）"),
        rule(" ?\\(no centre\\)", "（街道内无综合养老服务中心）"),
        rule(" \\((最大的养老服务站[^)]*)\\)", "（$1）"),
        rule("（no station", "（社区内无养老服务站"),
        rule("（no centre", "（街道内无综合养老服务中心"),
        rule("（(\\S+): " LC_N " m² < " LC_N " m²", "（$1：建筑面积$2 m²，低于$3 m²"),
        rule(" " LC_N " beds < " LC_N "\\b", "，床位$1张，少于$2张"),
        rule(" nursing " LC_N "% < " LC_N "%", "，护理型床位占比$1%，低于$2%"),
        // Words left.
        rule("walking distances", "步行距离"),
        rule("straight-line distances", "直线距离"),
        rule("; ", "；"),
        // Punctuation left by the phrases above.
        rule("([：；，（])，", "$1"),
        rule("，，", "，"),
        rule(" （", "（"),
        rule("^，", ""),
    };
    return rules;
}

/// Solver and input warnings that a zh run shows.
const std::vector<Rule>& warning_rules() {
    static const std::vector<Rule> rules = {
        rule("^(.+), layer '(.+?)', feature (\\S+): invalid geometry repaired \\((.*)\\)$", "$1，图层“$2”，要素$3：几何图形无效，已自动修复（$4）"),
        rule("Self-intersection\\[", "自相交["),
        rule("^(.+): ([0-9]+) estates have no elderly count; estimated as population x " LC_N " \\(the profile's share\\)$",
             "$1：$2个小区缺少老年人口数，按常住人口 × $3（标准配置的老年人口比例）估算"),
        // Input notes (city.cpp, open_data.cpp, walk_network.cpp, audit.cpp).
        rule("^(.+): ([0-9]+) facilities have no building area and were counted as 0 m²: (.+)$",
             "$1：$2处设施缺少建筑面积，按0 m²计：$3"),
        rule("^(.+): ([0-9]+) facilities have no building area and were skipped: (.+)$", "$1：$2处设施缺少建筑面积，已略去：$3"),
        rule("^(.+): no elderly-care facility is mapped in OpenStreetMap here \\(.*\\); coverage is 0 until --facilities gives them$",
             "$1：OpenStreetMap在此范围内未标注养老服务设施（amenity=social_facility、amenity=nursing_home或名称含养老、敬老、老年等）；"
             "在用 --facilities 提供设施之前覆盖率为0"),
        rule("^(.+): ([0-9]+) areas have broken rings in OpenStreetMap and were left out$",
             "$1：OpenStreetMap中有$2个面的边界不闭合，已略去"),
        rule("^(.+): every estate has its own counts; the raster only measures the (\\w+) outside them$",
             "$1：各小区均有自身人口数据；栅格仅用于计算小区之外的人口"),
        rule("^(.+): ([0-9]+) cells with a negative value were left out$", "$1：$2个栅格单元数值为负，已略去"),
        rule("^(.+): ([0-9]+) buildings inside estates have no building:levels and were left out of the population "
             "estimate \\(it is low by their share\\)$",
             "$1：小区内有$2栋建筑缺少building:levels（层数），未计入人口估算（估算值相应偏低）"),
        rule("^(.+): ([0-9]+) estates hold no home building with building:levels: their population is 0$",
             "$1：$2个小区内没有标注层数的住宅建筑，其人口按0计"),
        rule("^(.+): network: ([0-9]+) connected components; the largest has ([0-9]+) of ([0-9]+) nodes \\(points snapped "
             "to small ones reach little\\)$",
             "$1：路网有$2个互不连通的部分，最大部分含$4个节点中的$3个（落在小部分上的点可达范围很小）"),
        rule("^(.+): ([0-9]+) brownfield/greenfield areas overlap an estate and are not parcels: (.+)$",
             "$1：$2处棕地/绿地与小区重叠，不作为候选地块：$3"),
        rule("^no districts layer: districts are the estates' district field$", "未提供行政区图层：按小区的district字段划分行政区"),
        rule("(\\w+): the solution is not proven optimal \\((.+?); gap to the bound (.+?)\\)", "$1：解未证明为最优（$2；与界的差距$3）"),
        rule("(\\w+): stopped at the time limit before proving optimality \\((.+?); gap to the bound (.+?); a longer --time-limit may close it\\)",
             "$1：达到时间上限，未证明最优（$2；与界的差距$3；可加大 --time-limit）"),
        rule("(\\w+): the model has no solution \\((.+?)\\)", "$1：模型无解（$2）"),
        // Why a district floor has no solution (optimize/src/mclp_floor.cpp).
        rule(": district floor " LC_N "%: no ([0-9]+) new sites reach it in every district at once \\(each district "
             "reaches it alone\\)$",
             "：各区覆盖下限$1%：新增$2处设施无法使各区同时达到（各区单独均可达到）"),
        rule(": district floor " LC_N "%: no ([0-9]+) new sites reach it in districts? (.+)$",
             "：各区覆盖下限$1%：新增$2处设施无法在以下区达到：$3"),
        rule(" \\(at most " LC_N "%\\)", "（最多$1%）"),
        rule("(\\w+): no solution was found before the solver stopped \\((.+?); try a longer --time-limit\\)",
             "$1：求解停止前未找到解（$2；可加大 --time-limit）"),
        rule("gap to the bound unknown", "与界的差距未知"),
        // The plan's siting notes (plan.cpp, optimize/src/capacitated.cpp).
        rule("^target " LC_N "% of the elderly cannot be reached: no candidate or existing site is within the threshold of "
             "some estates; solving for the coverable " LC_N "%$",
             "覆盖目标$1%无法达到：部分小区在服务半径内既无候选点也无现有设施；按可覆盖的$2%求解"),
        rule("^capacities: all the sites together can serve " LC_N "% of the weight within the radius, below the target " LC_N
             "%; solving for " LC_N "%$",
             "容量约束：全部设施合计只能在服务半径内服务$1%的需求，低于目标$2%；按$3%求解"),
        rule("^(\\S+): opened by the (\\w+) solve but serves no estate \\(each is served by another site nearer to it\\); not proposed$",
             "$1：模型（$2）选中但不服务任何小区（各小区均有更近的设施），不列入规划布点"),
        rule("^(\\S+): opened by the (\\w+) solve but serves no estate \\(each is served by another site within its capacity\\); not proposed$",
             "$1：模型（$2）选中但不服务任何小区（各小区已由其他设施在容量内服务），不列入规划布点"),
    };
    return rules;
}

}  // namespace

std::vector<std::string> reason_lines(std::string_view reason, std::string_view lang) {
    std::vector<std::string> lines;
    const std::string text(reason);
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find("; ", start);
        std::string part = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty()) lines.push_back(lang == "zh" ? apply(part, group_rules()) : part);
        if (end == std::string::npos) break;
        start = end + 2;
    }
    return lines;
}

std::string layout_reason_text(std::string_view reason, std::string_view lang) {
    if (lang != "zh") return std::string(reason);
    return apply(apply(std::string(reason), layout_rules()), warning_rules());
}

std::string warning_text(std::string_view warning, std::string_view lang) {
    if (lang != "zh") return std::string(warning);
    return apply(std::string(warning), warning_rules());
}

std::string keyed_word(std::string_view group, std::string_view word, std::string_view lang) {
    const std::string key = std::string(group) + std::string(word);
    return lang == "zh" && has_translation(key) ? tr(key, lang) : std::string(word);
}

std::string level_text(std::string_view level, std::string_view lang) { return keyed_word("level.", level, lang); }
std::string action_text(std::string_view action, std::string_view lang) { return keyed_word("action.", action, lang); }
std::string layout_target_text(std::string_view target, std::string_view lang) {
    return keyed_word("layout_target.", target, lang);
}
std::string unit_text(std::string_view unit, std::string_view lang) { return keyed_word("unit.", unit, lang); }

}  // namespace lc::app
