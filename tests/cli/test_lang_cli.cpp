// --lang end to end on the embedded demo city (profile yinchuan, so zh by
// default): every text a person reads is scanned.
//  - zh: no English word is left. What may stay is listed in k_allowed (ids of
//    the data such as E055 or C018, units such as m² and km, CRS labels such as
//    EPSG:4544, standard numbers such as GB 50180, file names and paths, profile
//    keys such as layout.* or coverage_15min, the profile's name and
//    "lifecircle"); a word found elsewhere is printed with its context.
//  - en: no Chinese is left except what comes from the data: every run of
//    Chinese characters must occur in the demo's input files or the profiles
//    (names of estates, communities, streets, districts, barriers; the clauses
//    the sources quote).
// The zh and en runs differ only in --lang, so the same outputs are scanned in
// both languages.
#include "cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using lc::test::fresh_dir;
using lc::test::run_cli;
using lc::test::slurp;

namespace {

const fs::path k_source = LC_TEST_SOURCE_DIR;

using lc::test::demo_present;

/// The outputs of one language: file name -> text (stdout of the commands too).
using Outputs = std::map<std::string, std::string>;

Outputs run_demo(const std::string& lang, const fs::path& dir) {
    fs::create_directories(dir);
    Outputs out;
    std::vector<std::string> tail;
    if (!lang.empty()) tail = {"--lang", lang};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.end(), tail.begin(), tail.end());
        args.push_back("--quiet");
        return args;
    };
    const fs::path plan = dir / "plan";
    const auto p = run_cli(with({"plan", "--layout", "--out", plan.string()}));
    EXPECT_EQ(p.status, 0) << p.err;
    out["plan --layout stdout"] = p.out;
    for (const char* f : {"report.html", "summary.csv", "communities.csv", "streets.csv", "plan_unmet.csv", "plan_districts.csv",
                          "plan_costs.csv"}) {
        out[f] = slurp(plan / f);
        EXPECT_FALSE(out[f].empty()) << f;
    }
    // plan_sites: the field names are keys, the reasons are read in QGIS: scanned too.
    std::string reasons;
    const auto plan_sites = nlohmann::json::parse(slurp(plan / "plan_sites.geojson"));
    for (const auto& f : plan_sites["features"]) {
        reasons += f["properties"]["reason"].get<std::string>() + "\n";
    }
    EXPECT_FALSE(reasons.empty());
    out["plan_sites reasons"] = reasons;
    const fs::path plain = dir / "plain";
    const auto q = run_cli(with({"plan", "--out", plain.string()}));
    EXPECT_EQ(q.status, 0) << q.err;
    out["plan stdout"] = q.out;
    out["plan report.html"] = slurp(plain / "report.html");
    const auto a = run_cli(with({"audit", "--demo"}));
    EXPECT_EQ(a.status, 0) << a.err;
    out["audit stdout"] = a.out;
    for (const char* ext : {".md", ".html"}) {
        const fs::path review = dir / (std::string("review") + ext);
        // Exit 1: some new estates of the demo fail the area rule.
        const auto c = run_cli(with({"check-estate", "--demo", "--new", "--report", review.string()}));
        EXPECT_EQ(c.status, 1) << c.err;
        out[std::string("check-estate stdout ") + ext] = c.out;
        out[std::string("review") + ext] = slurp(review);
    }
    const auto v = run_cli(with({"coverage", "--demo"}));
    EXPECT_EQ(v.status, 0) << v.err;
    out["coverage stdout"] = v.out;
    const auto o = run_cli(with({"optimize", "--demo"}));
    EXPECT_EQ(o.status, 0) << o.err;
    out["optimize stdout"] = o.out;
    return out;
}

/// The text a reader sees: no <style>, no <script> (the report's what-if code
/// and data), no tags, entities decoded.
std::string visible(std::string text) {
    // Scripts cut by hand: their data is one long run without spaces, too deep for std::regex.
    for (auto pos = text.find("<script"); pos != std::string::npos; pos = text.find("<script", pos)) {
        const auto end = text.find("</script>", pos);
        text.replace(pos, end == std::string::npos ? std::string::npos : end + 9 - pos, " ");
    }
    static const std::regex style(R"(<style[\s\S]*?</style>)");
    static const std::regex tag("<[^>]*>");
    text = std::regex_replace(text, style, " ");
    text = std::regex_replace(text, tag, " ");
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}}) {
        for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
            text.replace(pos, from.size(), to);
        }
    }
    return text;
}

/// Words that may stay in a zh output (ids, units, standard and CRS names, the tool).
const std::set<std::string> k_allowed = {"lifecircle", "km", "GB", "EPSG", "yinchuan", "QGIS", "html", "csv", "json"};

/// The English words of a zh text, each with some context, after removing what
/// is not a sentence: paths and file names, command-line flags, profile keys
/// and layer names, ids, CRS labels.
std::vector<std::string> english_words(const std::string& text) {
    static const std::vector<std::regex> skip = {
        std::regex(R"(\S*/\S*)"),                                                   // paths, TD/T, m²/人
        std::regex(R"([\w.-]+\.(geojson|csv|json|html|md|gpkg|shp|osm|qml|txt))"),  // file names
        std::regex(R"(--[a-z][a-z-]*)"),                                            // flags
        std::regex(R"(EPSG:[0-9]+)"),                                               // CRS labels
        std::regex(R"([A-Za-z0-9]+(?:[._][A-Za-z0-9*]+)+)"),                        // keys: layout.*, coverage_15min
        std::regex(R"(\b[A-Z]+[0-9]+[A-Za-z0-9]*\b)"),                              // ids: E055, C018, P04
        std::regex("图层“[^”]*”"),                                                  // a layer's name
    };
    std::string t = text;
    for (const auto& re : skip) t = std::regex_replace(t, re, " ");
    std::vector<std::string> found;
    static const std::regex word("[A-Za-z]{2,}");
    for (auto it = std::sregex_iterator(t.begin(), t.end(), word); it != std::sregex_iterator(); ++it) {
        if (k_allowed.count(it->str())) continue;
        const auto at = static_cast<std::size_t>(it->position());
        found.push_back(it->str() + "  in  …" + t.substr(at > 60 ? at - 60 : 0, 140) + "…");
    }
    return found;
}

/// The runs of Chinese characters (and CJK punctuation) of a text.
std::set<std::string> chinese_runs(const std::string& text) {
    std::set<std::string> runs;
    std::string run;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (i + len > text.size()) len = 1;
        // CJK punctuation, ideographs (U+3000..U+9FFF) and full-width forms (U+FF00..U+FFEF);
        // not the byte-order mark U+FEFF of the CSVs.
        char32_t cp = 0;
        if (len == 3) {
            cp = (static_cast<char32_t>(c & 0x0F) << 12) | (static_cast<char32_t>(static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
                 static_cast<char32_t>(static_cast<unsigned char>(text[i + 2]) & 0x3F);
        }
        const bool cjk = (cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF);
        if (cjk) {
            run += text.substr(i, len);
        } else if (!run.empty()) {
            runs.insert(run);
            run.clear();
        }
        i += len;
    }
    if (!run.empty()) runs.insert(run);
    return runs;
}

class LangCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (!demo_present()) return;
        const fs::path dir = fresh_dir("lang", "demo");
        s_zh = new Outputs(run_demo("", dir / "zh"));  // the profile's language: zh
        s_en = new Outputs(run_demo("en", dir / "en"));
    }
    static void TearDownTestSuite() {
        delete s_zh;
        delete s_en;
        s_zh = s_en = nullptr;
    }
    void SetUp() override {
        if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    }
    static Outputs* s_zh;
    static Outputs* s_en;
};
Outputs* LangCli::s_zh = nullptr;
Outputs* LangCli::s_en = nullptr;

TEST_F(LangCli, ZhOutputsHaveNoEnglishSentences) {
    for (const auto& [name, text] : *s_zh) {
        const auto words = english_words(visible(text));
        std::string list;
        for (std::size_t k = 0; k < words.size() && k < 15; ++k) list += "\n  " + words[k];
        EXPECT_TRUE(words.empty()) << name << ": " << words.size() << " English words left:" << list;
    }
}

TEST_F(LangCli, ZhOutputsUseThePlanningTerms) {
    const Outputs& zh = *s_zh;
    // The review cites the clause and says 合格 / 不合格 with the shortfall.
    EXPECT_NE(zh.at("review.md").find("**审查结论：不合格**"), std::string::npos);
    EXPECT_NE(zh.at("review.md").find("（每百户不低于20平方米）"), std::string::npos);
    EXPECT_NE(zh.at("review.md").find("缺口"), std::string::npos);
    EXPECT_NE(zh.at("review.html").find("<html lang=\"zh-CN\">"), std::string::npos);
    // The source of the rule in Chinese (the profile's source_zh).
    EXPECT_NE(zh.at("review.md").find("条文依据：沿用国家基线（每百户20平方米）"), std::string::npos);
    EXPECT_NE(zh.at("audit stdout").find("达标"), std::string::npos);
    EXPECT_NE(zh.at("audit stdout").find("未达标"), std::string::npos);
    // CSVs: Chinese headers, the machine keys of the first column kept.
    EXPECT_EQ(zh.at("summary.csv").rfind("\xEF\xBB\xBF指标代码,指标,目标值,现状值,结论,依据\r\n", 0), 0U);
    EXPECT_NE(zh.at("summary.csv").find("\r\ncoverage_15min,"), std::string::npos);
    EXPECT_EQ(zh.at("communities.csv").rfind("\xEF\xBB\xBF社区,街道,区县,", 0), 0U);
    // The layout plan by term: 近期 / 远期 with the years.
    EXPECT_NE(zh.at("report.html").find("2025年（近期）"), std::string::npos);
    EXPECT_NE(zh.at("report.html").find("2035年（远期）"), std::string::npos);
    // The hierarchy reasons one per line: a street's centres are separate lines.
    EXPECT_NE(zh.at("plan report.html").find("<td>社区内无养老服务站</td>"), std::string::npos);
}

TEST_F(LangCli, EnOutputsHaveNoChineseButTheData) {
    std::string data;
    for (const auto& dir : {k_source / "datasets/demo", k_source / "datasets/profiles"}) {
        for (const auto& entry : fs::directory_iterator(dir)) data += slurp(entry.path());
    }
    for (const auto& [name, text] : *s_en) {
        std::vector<std::string> foreign;
        for (const auto& run : chinese_runs(text)) {
            if (data.find(run) == std::string::npos) foreign.push_back(run);
        }
        std::string list;
        for (std::size_t k = 0; k < foreign.size() && k < 15; ++k) list += " «" + foreign[k] + "»";
        EXPECT_TRUE(foreign.empty()) << name << ": Chinese not from the data:" << list;
    }
    // The en review is English throughout.
    EXPECT_NE(s_en->at("review.md").find("**Result: FAIL**"), std::string::npos);
    EXPECT_NE(s_en->at("review.html").find("<html lang=\"en\">"), std::string::npos);
}

// `profiles NAME --lang zh`: Chinese headings, the Chinese title and the
// sources' Chinese text (the figures' notes stay as the profile writes them,
// so this output is not in the scan above).
TEST(LangCliProfiles, ZhShowsTheChineseSources) {
    const auto r = run_cli({"profiles", "yinchuan", "--lang", "zh"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("名称      银川市加快推进养老服务业发展实施意见\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("沿用国家基线（每百户20平方米）"), std::string::npos);
    EXPECT_NE(r.out.find("GB 50437-2007（2018年局部修订）：每床用地18—44平方米"), std::string::npos);
    EXPECT_EQ(r.out.find("reference value adopted"), std::string::npos);
    const auto en = run_cli({"profiles", "yinchuan"});
    EXPECT_NE(en.out.find("reference value adopted from 001"), std::string::npos);  // English by default
}

// --lang en keeps the CSV contract of DESIGN.md: English keys as headers.
TEST_F(LangCli, EnCsvHeadersAreTheKeys) {
    EXPECT_EQ(s_en->at("summary.csv").rfind("\xEF\xBB\xBF" "figure,label,target,value,result,source\r\n", 0), 0U);
    EXPECT_EQ(s_en->at("communities.csv").rfind("\xEF\xBB\xBF" "community,street,district,estates,households,elderly,station,", 0), 0U);
    EXPECT_EQ(s_en->at("plan_unmet.csv").rfind("\xEF\xBB\xBF" "phase,level,target,where,shortfall,unit,reason\r\n", 0), 0U);
}

}  // namespace
