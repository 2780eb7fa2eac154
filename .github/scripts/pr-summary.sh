#!/bin/sh
# The pull request's job summary: the pages it changes (`playbooks affected`), and which
# preview sites the artifacts hold. `pr-summary.sh PAGES VENDORS BUILT` (files, one entry a line).
set -eu
pages=$1
vendors=$2
built=$3
limit=300
{
  echo "### What this pull request changes on the sites"
  echo
  count=$(grep -c . "$pages" || true)
  if [ "$count" -eq 0 ]; then
    echo "No page of the internal site changes."
  else
    echo "$count pages and files of the internal site change (site paths; the whole site is the \`preview-internal\` artifact):"
    echo
    head -n "$limit" "$pages" | sed 's/.*/- `&`/'
    if [ "$count" -gt "$limit" ]; then
      echo "- and $((count - limit)) more: see \`affected-pages.txt\` in the artifact"
    fi
  fi
  echo
  wanted=$(grep -c . "$vendors" || true)
  made=$(grep -c . "$built" || true)
  if [ "$wanted" -eq 0 ]; then
    echo "No vendor-facing site changes."
  else
    echo "$wanted vendor-facing sites change; the \`preview-partners\` artifact holds $made of them:"
    echo
    sed 's/.*/- `&`/' "$built"
  fi
} >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
