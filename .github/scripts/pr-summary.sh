#!/bin/sh
# The pull request's job summary: the pages it changes (`playbooks affected`), and which
# preview sites the artifacts hold. `pr-summary.sh PAGES VENDORS BUILT` (files, one entry a line).
set -eu
pages=$1
vendors=$2
built=$3
limit=300
# Each entry as a list item holding one Markdown code span: a fence of more backticks than the
# entry's longest run of them, padded with a space where the entry starts or ends with a
# backtick or a space. A code span shows its text as it is, so no file name can bring markup.
items() {
  awk '{
    run = 0; longest = 0
    for (i = 1; i <= length($0); i++) {
      if (substr($0, i, 1) == "`") { run++; if (run > longest) longest = run } else run = 0
    }
    fence = "`"; for (i = 0; i < longest; i++) fence = fence "`"
    pad = ""
    first = substr($0, 1, 1); last = substr($0, length($0), 1)
    if (first == "`" || first == " " || last == "`" || last == " ") pad = " "
    print "- " fence pad $0 pad fence
  }'
}
{
  echo "### What this pull request changes on the sites"
  echo
  count=$(grep -c . "$pages" || true)
  if [ "$count" -eq 0 ]; then
    echo "No page of the internal site changes."
  else
    echo "$count pages and files of the internal site change (site paths; the whole site is the \`preview-internal\` artifact):"
    echo
    head -n "$limit" "$pages" | items
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
    items < "$built"
  fi
} >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
