#!/usr/bin/env bash
# The project's C and C++ sources in the style of .clang-format (LLVM), as
# Debian's clang-format-22 formats them. Prints each file that differs with
# the first lines of its diff and exits 1; exits 0 when every file is
# formatted. `scripts/check-format.sh --fix` formats them in place.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLANG_FORMAT="${CLANG_FORMAT:-clang-format-22}"
cd "$ROOT"
# Sources only: the test suite's generated or copied C programs (test/) are
# inputs, not project code.
mapfile -t files < <(find include lib tools examples -type f \
  \( -name '*.cpp' -o -name '*.h' -o -name '*.c' \) | sort)
if [ "${1:-}" = --fix ]; then
  "$CLANG_FORMAT" -i "${files[@]}"
  exit 0
fi
status=0
for f in "${files[@]}"; do
  if ! out="$("$CLANG_FORMAT" "$f" | diff -u "$f" - | head -20)" || [ -n "$out" ]; then
    echo "not formatted: $f"
    echo "$out"
    status=1
  fi
done
echo "check-format: ${#files[@]} files checked"
exit $status
