#!/usr/bin/env python3
"""The man pages (build/man/man1, made from docs/cli/*.md) are in step with --help.

Commands come from `lifecircle --help` (its "Subcommands:" block), so a new
command is covered without a change here. For the program and every command:
  * its page exists: lifecircle(1) and lifecircle-CMD(1), from docs/cli/lifecircle.md
    and docs/cli/CMD.md;
  * every long option that `lifecircle [CMD] --help` prints appears in the man
    page and in the markdown page (as a whole word: --out is not found in --out-crs);
  * lifecircle(1) names every command;
  * the NAME section is one "name - description" line that lexgrog (man-db's
    whatis parser) reads, and `man -l` renders the page without error.
Exit 0 when all hold, 1 with one line per fault otherwise.
"""
import argparse
import pathlib
import re
import shutil
import subprocess
import sys


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True, check=False)


def commands(cli):
    out = run([cli, "--help"]).stdout
    names, inside = [], False
    for line in out.splitlines():
        if line.startswith("Subcommands:"):
            inside = True
        elif inside and re.match(r"^  [a-z]", line):
            names.append(line.split()[0])
        elif inside and line and not line.startswith(" "):
            inside = False
    return names


def long_options(help_text):
    """--name of every option line of a CLI11 help text ("  -h,--help", "  --out TEXT")."""
    found = []
    for line in help_text.splitlines():
        m = re.match(r"^ +(?:-[A-Za-z0-9],)?(--[A-Za-z0-9][A-Za-z0-9-]*)", line)
        if m:
            found.append(m.group(1))
    return found


def roff_text(path):
    """The words of a pandoc man page: escapes of hyphens and font changes removed."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("\\-", "-")
    text = re.sub(r"\\f(\[[A-Z]*\]|[A-Z])", "", text)
    return text


def has_word(text, option):
    return re.search(re.escape(option) + r"(?![A-Za-z0-9-])", text) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--man-dir", required=True, type=pathlib.Path)
    ap.add_argument("--docs", required=True, type=pathlib.Path, help="docs/cli")
    args = ap.parse_args()

    faults = []
    cmds = commands(args.cli)
    if not cmds:
        faults.append("`lifecircle --help` lists no commands")
    pages = [("lifecircle", None)] + [("lifecircle-" + c, c) for c in cmds]
    for page, cmd in pages:
        man = args.man_dir / (page + ".1")
        md = args.docs / ((cmd or "lifecircle") + ".md")
        if not md.exists():
            faults.append(f"{md}: missing (the page of `{page}`)")
            continue
        if not man.exists():
            faults.append(f"{man}: missing (made from {md.name} at build time)")
            continue
        help_text = run([args.cli] + ([cmd] if cmd else []) + ["--help"]).stdout
        man_text, md_text = roff_text(man), md.read_text(encoding="utf-8")
        options = long_options(help_text)
        if not options:
            faults.append(f"`{page} --help` prints no options")
        for opt in options:
            if not has_word(man_text, opt):
                faults.append(f"{man.name}: no {opt} (printed by `lifecircle {cmd or ''} --help`)")
            if not has_word(md_text, opt):
                faults.append(f"{md}: no {opt} (printed by `lifecircle {cmd or ''} --help`)")
        if cmd is None:
            for c in cmds:
                if not re.search(r"(?<![A-Za-z0-9-])" + re.escape(c) + r"(?![A-Za-z0-9-])", man_text):
                    faults.append(f"{man.name}: the command {c} is not listed")
        # NAME: ".SH NAME", then one paragraph "page - description".
        m = re.search(r"^\.SH NAME\n(?:\.PP\n)?(.*)\n", man_text, re.M)
        if not m or not re.match(re.escape(page) + r" - \S", m.group(1)):
            faults.append(f"{man.name}: NAME is not '{page} - description': {m.group(1) if m else 'none'}")
        if shutil.which("lexgrog"):
            r = run(["lexgrog", str(man)])
            if r.returncode != 0 or f'"{page} - ' not in r.stdout:
                faults.append(f"{man.name}: lexgrog cannot read its NAME: {r.stdout.strip()} {r.stderr.strip()}")
        if shutil.which("man"):
            r = subprocess.run(["man", "-l", str(man)], capture_output=True, check=False,
                               env={"MANWIDTH": "100", "PATH": "/usr/bin:/bin", "MANPAGER": "cat", "PAGER": "cat"})
            if r.returncode != 0 or page.upper().encode() not in r.stdout:
                faults.append(f"{man.name}: `man -l` fails: {r.stderr.decode(errors='replace')[:200]}")
    for f in faults:
        print("check_man_pages:", f)
    if not faults:
        print(f"check_man_pages: ok, {len(pages)} pages ({', '.join(p for p, _ in pages)})")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
