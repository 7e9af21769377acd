// Display width of UTF-8 text and the aligned text table (CJK = two columns).
#include "report/text_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

using lc::app::display_width;
using lc::app::TextTable;

TEST(TextTable, DisplayWidth) {
    EXPECT_EQ(display_width(""), 0U);
    EXPECT_EQ(display_width("xian"), 4U);
    EXPECT_EQ(display_width("西安市"), 6U);             // 3 wide characters, 9 bytes
    EXPECT_EQ(display_width("西安 Xi'an"), 10U);
    EXPECT_EQ(display_width("（一）"), 6U);              // fullwidth parentheses
    EXPECT_EQ(display_width("、。"), 4U);                // CJK punctuation
    EXPECT_EQ(display_width("m²"), 2U);                  // superscript two is narrow
    EXPECT_EQ(display_width("e\u0301"), 1U);             // combining accent
    EXPECT_EQ(display_width("\xff"), 1U);                // invalid byte counts as one
}

TEST(TextTable, PadAndTruncate) {
    EXPECT_EQ(lc::app::pad_to_width("西安", 6), "西安  ");
    EXPECT_EQ(lc::app::pad_to_width("西安", 6, true), "  西安");
    EXPECT_EQ(lc::app::truncate_to_width("银川市人民政府", 7), "银川市\u2026");
    EXPECT_EQ(lc::app::truncate_to_width("abc", 7), "abc");
}

TEST(TextTable, AlignsColumnsWithChineseText) {
    TextTable t({"name", "place", "years"});
    t.add_row({"xian", "西安市 Xi'an", "2022, 2025"});
    t.add_row({"national", "全国", ""});
    t.set_align(2, lc::app::Align::right);
    const std::string out = t.render();
    // Every line's cells start at the same display column.
    std::istringstream lines(out);
    std::string line;
    std::vector<std::string> all;
    while (std::getline(lines, line)) all.push_back(line);
    ASSERT_EQ(all.size(), 4U);  // header, rule, two rows
    // Columns: 8 ("national"), 12 ("西安市 Xi'an" = 6 + 1 + 5), 10 ("2022, 2025", right-aligned).
    EXPECT_EQ(all[0], "name      place              years");
    EXPECT_EQ(all[1], "--------  ------------  ----------");
    EXPECT_EQ(all[2], "xian      西安市 Xi'an  2022, 2025");
    EXPECT_EQ(all[3], "national  全国");  // no trailing spaces
    EXPECT_EQ(display_width(all[2].substr(0, all[2].find("2022"))), 10U + 12U + 2U);
    EXPECT_EQ(all[2].size(), 10U + 15U + 2U + 10U);  // 西安市 is 9 bytes but 6 columns
}

TEST(TextTable, MaxWidthCutsCells) {
    TextTable t({"k", "source"});
    t.set_max_width(1, 8);
    t.add_row({"a", "001 篇五 附件4 建设标准"});
    const auto out = t.render();
    EXPECT_NE(out.find("001 篇\u2026"), std::string::npos) << out;
}
