# Shared by the formats tests: $1 binary, $2 scratch folder, $3 this folder.
set -eu
MTLINT=$1
WORK=$2
HERE=$3
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
# mtlint without the caller's config
ml() { "$MTLINT" --no-config "$@"; }
# A garbled article written for these tests (not from the seeds).
write_article() {
  cat > "$1" <<'ART'
(Written through Mara Lind; Editing through Tom Quill)

The firm faces serious reputational prices over the deal.
Exports to turkey and china rose , and then fell.
ART
}
