-- pandoc Lua filter: a docs/cli/<command>.md page -> the man page lifecircle-<command>(1)
-- (docs/CMakeLists.txt runs `pandoc -s -t man` with it; docs/install.md).
--
-- The pages read "# lifecircle plan", "## Name" with "`lifecircle plan`: the main job. …",
-- "## Synopsis", … A man page wants the title in .TH (metadata `title`, set by CMake
-- to LIFECIRCLE-PLAN), a NAME section of one line "lifecircle-plan \- the main job"
-- that whatis/lexgrog read, and upper-case section headers. So:
--   * the level-1 header is dropped (it is the .TH title);
--   * "## Name": its first sentence after the colon (40 characters at least)
--     becomes NAME's one line,
--     under the page name given as metadata `man_name`; a page without a
--     "## Description" gets one after SYNOPSIS holding the whole Name paragraph;
--   * other headers move up a level (## -> .SH, ### -> .SS), .SH in capitals;
--   * links keep their text (the targets are paths of the repository), images go.

local stringify = pandoc.utils.stringify

-- The whatis line: the Name text after "`lifecircle plan`:", up to the end of its
-- first sentence, or of the next ones while that is shorter than 40 characters
-- ("the main job" alone says little).
local function first_sentence(text)
  local rest = text:match("^[^:]*:%s*(.*)$") or text  -- drop "`lifecircle plan`:"
  local s = ""
  while rest ~= "" do
    local sentence, tail = rest:match("^(.-[%.;])%s+(.*)$")
    if not sentence then sentence, tail = rest, "" end
    s = (s == "" and "" or s .. " ") .. sentence
    rest = tail
    if #s >= 40 then break end
  end
  return (s:gsub("[%.;]$", ""))
end

local function upper_header(h)
  return pandoc.Header(1, pandoc.Str(stringify(h.content):upper()), h.attr)
end

function Pandoc(doc)
  local man_name = doc.meta.man_name and stringify(doc.meta.man_name) or "lifecircle"
  local out = {}
  local name_blocks = {}
  local section = nil
  local has_description = false
  for _, b in ipairs(doc.blocks) do
    if b.t == "Header" and b.level == 2 and stringify(b.content):lower() == "description" then
      has_description = true
    end
  end
  local pending_description = nil
  for _, b in ipairs(doc.blocks) do
    if b.t == "Header" and b.level == 1 then
      -- the title: .TH
    elseif b.t == "Header" and b.level == 2 then
      if pending_description and section == "synopsis" and not has_description then
        table.insert(out, pandoc.Header(1, pandoc.Str("DESCRIPTION")))
        for _, p in ipairs(pending_description) do table.insert(out, p) end
        pending_description = nil
      end
      section = stringify(b.content):lower()
      if section == "name" then
        table.insert(out, pandoc.Header(1, pandoc.Str("NAME")))
      else
        table.insert(out, upper_header(b))
      end
    elseif b.t == "Header" then
      table.insert(out, pandoc.Header(b.level - 1, b.content, b.attr))
    elseif section == "name" then
      if #name_blocks == 0 then
        local line = man_name .. " - " .. first_sentence(stringify(b))
        table.insert(out, pandoc.Para({pandoc.Str(line)}))
      end
      table.insert(name_blocks, b)
      if not has_description then pending_description = name_blocks end
    else
      table.insert(out, b)
    end
  end
  if pending_description then  -- no section after SYNOPSIS
    table.insert(out, pandoc.Header(1, pandoc.Str("DESCRIPTION")))
    for _, p in ipairs(pending_description) do table.insert(out, p) end
  end
  doc.blocks = out
  return doc
end

function Link(l) return l.content end
function Image(_) return {} end
