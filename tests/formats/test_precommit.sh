#!/bin/sh
# .pre-commit-hooks.yaml works with the pre-commit framework (Debian's
# pre-commit package): a scratch hook repo holding our manifest, a scratch
# project using it, no network.  Also runs the sample git hook.
. "$(dirname "$0")/../lib.sh"
set -e
command -v git >/dev/null 2>&1 || skip "git missing"
export HOME="$WORK/home" PRE_COMMIT_HOME="$WORK/cache" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.email t@example.invalid
git config --global user.name test
git config --global init.defaultBranch main
BIN=$(dirname "$MTLINT")
PATH="$BIN:$PATH"
export PATH
# the sample git hook
mkdir proj0 && cd proj0 && git init -q
cp "$SRC/docs/examples/pre-commit" .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
cp "$DATA/garbled-article.md" bad.md
git add bad.md
if MTLINT_FLAGS=--no-config git commit -q -m bad >hook.out 2>&1; then fail "sample hook let a garbled article through"; fi
grep -q 'mt-garble.byline-through' hook.out || fail "sample hook output: $(cat hook.out)"
echo "A clean sentence about the weather." > bad.md
git add bad.md
MTLINT_FLAGS=--no-config git commit -q -m good >hook.out 2>&1 || fail "sample hook blocked a clean article: $(cat hook.out)"
cd ..
command -v pre-commit >/dev/null 2>&1 || skip "pre-commit missing (apt-get install pre-commit)"
mkdir hooks && cp "$SRC/.pre-commit-hooks.yaml" hooks/
(cd hooks && git init -q && git add . && git commit -q -m hooks)
REV=$(cd hooks && git rev-parse HEAD)
mkdir proj && cd proj && git init -q
cat > .pre-commit-config.yaml <<CFG
repos:
  - repo: $WORK/hooks
    rev: $REV
    hooks:
      - id: mtlint
        args: [--no-config]
CFG
cp "$DATA/garbled-article.md" story.md
echo "print('not an article')" > tool.py
git add .
set +e
pre-commit run --all-files > run1.out 2>&1; rc=$?
set -e
[ $rc -eq 1 ] || fail "pre-commit on a garbled article: exit $rc: $(cat run1.out)"
grep -q 'mt-garble.byline-through' run1.out || fail "pre-commit output: $(cat run1.out)"
grep -q 'tool.py' run1.out && fail "pre-commit passed a .py file to mtlint"
echo "A clean sentence about the weather." > story.md
git add story.md
pre-commit run --all-files > run2.out 2>&1 || fail "pre-commit on a clean article: $(cat run2.out)"
# the fixing hook
cat > .pre-commit-config.yaml <<CFG
repos:
  - repo: $WORK/hooks
    rev: $REV
    hooks:
      - id: mtlint-fix
        args: [--no-config, --fail-on, never]
CFG
cp "$DATA/garbled-article.md" story.md
git add .
pre-commit run --all-files > run3.out 2>&1 || true
grep -q 'Written by Mara Lind' story.md || fail "mtlint-fix hook did not fix: $(cat run3.out)"
echo ok
