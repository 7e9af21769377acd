#!/usr/bin/env bash
# clang-tidy (the checks of .clang-tidy: naming rules, bugprone, performance) over
# the project's own sources: every .cpp of src/, geo/, optimize/ and core/ with the
# headers of those folders (HeaderFilterRegex). Needs $BUILD_DIR/compile_commands.json
# (scripts/build.sh); arguments, if any, replace the file list. Prints each finding
# once and their count; any finding fails.
#
# A full run costs about 14 CPU minutes (the checks walk every header's AST), so a
# file found clean is remembered in $LC_TIDY_CACHE under a hash of its preprocessed
# text, its flags, the clang-tidy version, .clang-tidy and this script: unchanged
# files are not checked again. LC_TIDY_CACHE= (empty) turns that off.
set -euo pipefail
self=$(realpath "$0")
files=()
for f in "$@"; do files+=("$(realpath "$f")"); done
cd "$(dirname "$self")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
CLANG_TIDY=${CLANG_TIDY:-clang-tidy}
LC_TIDY_CACHE=${LC_TIDY_CACHE-${XDG_CACHE_HOME:-$HOME/.cache}/lifecircle-tidy}

if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
  echo "tidy: no $BUILD_DIR/compile_commands.json (run scripts/build.sh first)" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/log"
if [ -n "$LC_TIDY_CACHE" ]; then mkdir -p "$LC_TIDY_CACHE"; fi

if ((${#files[@]})); then
  printf '%s\n' "${files[@]}" > "$work/files"
else
  find src geo optimize core -name '*.cpp' | LC_ALL=C sort > "$work/files"
fi

# $work/compile_commands.json: the build's, less GCC's precompiled header of the
# lifecircle target (cmake_pch.hxx.gch, only <CLI/CLI.hpp>), which clang cannot read.
# $work/todo: "KEY FILE" for each file to check (KEY: the cache key, or a number).
version=$("$CLANG_TIDY" --version)
echo "tidy: clang-tidy $(grep -o 'version [0-9.]*' <<< "$version" | head -1)"
python3 - "$BUILD_DIR/compile_commands.json" "$work" "$JOBS" "$LC_TIDY_CACHE" "$version$(cat .clang-tidy "$self")" <<'EOF'
import concurrent.futures, hashlib, json, os, re, shlex, subprocess, sys
db_path, work, jobs, cache, salt = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
pch = re.compile(r' -Winvalid-pch| -include \S*cmake_pch\.hxx(?=\s)')
entries = {}
for e in json.load(open(db_path)):
    if 'cmake_pch' in e['file']:
        continue
    if 'command' in e:
        e['command'] = pch.sub('', e['command'])
    else:  # the "arguments" form
        args = e['arguments']
        drop = {i for i, a in enumerate(args) if a == '-Winvalid-pch'}
        drop |= {j for i, a in enumerate(args[:-1])
                 if a == '-include' and args[i + 1].endswith('cmake_pch.hxx') for j in (i, i + 1)}
        e['arguments'] = [a for i, a in enumerate(args) if i not in drop]
    entries[os.path.realpath(os.path.join(e['directory'], e['file']))] = e
json.dump(list(entries.values()), open(os.path.join(work, 'compile_commands.json'), 'w'), indent=1)

files = [os.path.relpath(os.path.realpath(f)) for f in open(os.path.join(work, 'files')).read().split('\n') if f]
missing = [f for f in files if os.path.realpath(f) not in entries]
if missing:
    sys.exit('tidy: not in the compilation database: ' + ' '.join(missing))

def key(f):
    e = entries[os.path.realpath(f)]
    args = e['arguments'] if 'arguments' in e else shlex.split(e['command'])
    pre, skip = [], False
    for a in args:  # the compile command, preprocessing only, to stdout
        if skip: skip = False
        elif a == '-o': skip = True
        else: pre.append('-E' if a == '-c' else a)
    text = subprocess.run(pre, cwd=e['directory'], check=True, stdout=subprocess.PIPE).stdout
    root = os.getcwd().encode()  # the checkout's path left out: clones elsewhere share the cache
    h = hashlib.sha256()
    for part in (salt.encode(), f.encode(), json.dumps(e, sort_keys=True).encode(), text):
        part = part.replace(root, b'@ROOT@')
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()

with open(os.path.join(work, 'todo'), 'w') as todo:
    if cache:
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            keys = list(pool.map(key, files))
    else:
        keys = [str(i) for i in range(len(files))]
    skipped = 0
    for k, f in zip(keys, files):
        if cache and os.path.exists(os.path.join(cache, k)):
            os.utime(os.path.join(cache, k))
            skipped += 1
        else:
            todo.write(f'{k} {f}\n')
print(f'tidy: {len(files)} files, {skipped} unchanged since a clean check, {jobs} jobs')
EOF

check_one() {  # KEY FILE: clang-tidy on FILE, its output in $work/log/KEY; clean: remembered
  if "$CLANG_TIDY" -p "$work" --quiet --warnings-as-errors='*' "$2" > "$work/log/$1" 2>&1; then
    if [ -n "$LC_TIDY_CACHE" ]; then touch "$LC_TIDY_CACHE/$1"; fi
  else
    echo "$2 $1" >> "$work/failed"
  fi
}
export -f check_one
export CLANG_TIDY LC_TIDY_CACHE work
xargs -r -P "$JOBS" -n 2 bash -c 'check_one "$@"' _ < "$work/todo"
if [ -n "$LC_TIDY_CACHE" ]; then find "$LC_TIDY_CACHE" -type f -mtime +30 -delete; fi

# A header's finding comes once per translation unit that includes it: print each once.
cat "$work/log/"* 2>/dev/null | grep -E '(^|: )(warning|error): .*\[[A-Za-z0-9.,-]+\]$' |
  LC_ALL=C sort -u > "$work/findings" || true
n=$(wc -l < "$work/findings")
cat "$work/findings"
echo "tidy: $n findings"
if [ "$n" -gt 0 ]; then
  exit 1
fi
if [ -s "$work/failed" ]; then  # clang-tidy failed without a finding (a crash, a bad command)
  while read -r file key; do
    echo "tidy: clang-tidy failed on $file:" >&2
    cat "$work/log/$key" >&2
  done < "$work/failed"
  exit 1
fi
