#!/bin/sh
# Killing --fix at any moment leaves the file either as it was or fully
# fixed, never half written.
. "$(dirname "$0")/../lib.sh"
set -e
cp "$DATA/garbled-article.md" one.md
i=0
while [ $i -lt 3000 ]; do cat one.md; i=$((i+1)); done > orig.md
cp orig.md fixed.md
"$MTLINT" --no-config --fix -q fixed.md >/dev/null 2>&1 || true
cmp -s orig.md fixed.md && fail "nothing was fixed"
python3 - "$MTLINT" <<'PY' || fail "kill loop"
import os, random, signal, subprocess, sys, time, filecmp, shutil
mt = sys.argv[1]
orig, fixed = open("orig.md", "rb").read(), open("fixed.md", "rb").read()
random.seed(7)
seen = {"old": 0, "new": 0}
for n in range(40):
    shutil.copy("orig.md", "t.md")
    p = subprocess.Popen([mt, "--no-config", "--fix", "-q", "t.md"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0.0, 1.2))
    p.send_signal(signal.SIGKILL)
    p.wait()
    now = open("t.md", "rb").read()
    if now == orig:
        seen["old"] += 1
    elif now == fixed:
        seen["new"] += 1
    else:
        print("damaged after kill", n, len(now)); sys.exit(1)
    for f in os.listdir("."):
        if f.startswith(".t.md.mtlint-"):
            os.unlink(f)  # a temp file may be left; the real file is whole
print(seen)
PY
echo ok
