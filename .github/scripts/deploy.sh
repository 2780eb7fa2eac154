#!/bin/sh
# Copies a built site to where the team serves it, with rsync: `deploy.sh FOLDER TARGET`.
# TARGET is anything rsync accepts: `deploy@intranet.example.com:/srv/playbooks/` (over SSH,
# with the private key in DEPLOY_SSH_KEY and the server's host key line in DEPLOY_KNOWN_HOSTS)
# or a folder on the runner (a mounted share on a self-hosted runner). Pages of vendors that
# were removed are deleted there too; files change over only at the end (--delay-updates).
# With DEPLOY_RELOAD_COMMAND set (like `sudo systemctl reload nginx`), that command runs after
# the copy: on the server over the same SSH connection settings, or here for a local TARGET.
set -eu
folder=$1
target=$2
if [ -z "$(ls -A "$folder" 2>/dev/null)" ]; then
  echo "deploy.sh: $folder holds no site; nothing was deployed" >&2
  exit 1
fi
case "$target" in
  *:*)
    if [ -z "${DEPLOY_SSH_KEY:-}" ] || [ -z "${DEPLOY_KNOWN_HOSTS:-}" ]; then
      echo "deploy.sh: $target is reached over SSH: set the secrets DEPLOY_SSH_KEY and DEPLOY_KNOWN_HOSTS (the line \`ssh-keyscan HOST\` prints, checked) where the deployment reads them: the GitHub environment \`production\`, or GitLab's protected CI/CD variables" >&2
      exit 1
    fi
    keys=$(mktemp -d)
    trap 'rm -rf "$keys"' EXIT
    printf '%s\n' "$DEPLOY_SSH_KEY" > "$keys/id"
    printf '%s\n' "$DEPLOY_KNOWN_HOSTS" > "$keys/known_hosts"
    chmod 600 "$keys/id"
    rsync -a --delete --delay-updates -e "ssh -i $keys/id -o UserKnownHostsFile=$keys/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes" \
      "$folder/" "$target"
    if [ -n "${DEPLOY_RELOAD_COMMAND:-}" ]; then
      ssh -i "$keys/id" -o UserKnownHostsFile="$keys/known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes \
        "${target%%:*}" "$DEPLOY_RELOAD_COMMAND"
    fi
    ;;
  *)
    mkdir -p "$target"
    rsync -a --delete --delay-updates "$folder/" "$target"
    if [ -n "${DEPLOY_RELOAD_COMMAND:-}" ]; then
      sh -c "$DEPLOY_RELOAD_COMMAND"
    fi
    ;;
esac
echo "Deployed $folder to $target"
