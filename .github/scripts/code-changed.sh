#!/bin/sh
# Whether a change touches the generator, its tests or the CI, for the Tests workflow:
# prints `code=true` or `code=false` (for $GITHUB_OUTPUT). EVENT is the event's name, BASE the
# pull request's base commit, BEFORE the commit a push started from. A scheduled or manual run
# changes no code: false. When the commits cannot be compared (a new branch, a force-push): true.
# The same paths as `tests:` in .gitlab-ci.yml (tests/test_ci.py holds them equal).
set -eu
PATHS='^(generator/|tests/|Makefile$|pyproject\.toml$|requirements[^/]*\.lock$|mkdocs\.yml$|\.github/|\.gitlab-ci\.yml$|\.pre-commit-config\.yaml$|\.pre-commit-hooks\.yaml$)'
case "${EVENT:-}" in
  pull_request) from=${BASE:-}; range="$from...HEAD" ;;
  push) from=${BEFORE:-}; range="$from..HEAD" ;;
  *) echo "code=false"; exit 0 ;;
esac
if [ -z "$from" ] || ! changed=$(git diff --name-only "$range" -- 2>/dev/null); then
  echo "code=true"
  exit 0
fi
if printf '%s\n' "$changed" | grep -Eq "$PATHS"; then echo "code=true"; else echo "code=false"; fi
