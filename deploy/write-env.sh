#!/bin/sh
# Writes .env for Docker Compose with fresh random secrets, from .env.example.
#   deploy/write-env.sh [path]        (default: .env beside compose.yaml)
# Refuses to overwrite an existing file: losing POSTGRES_PASSWORD or AUTH_SECRET of a
# running installation locks you out of its data. Set FORCE=1 to overwrite anyway.
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
target=${1:-"$root/.env"}
example="$root/.env.example"

if [ -e "$target" ] && [ "${FORCE:-0}" != 1 ]; then
  echo "write-env: $target exists; keeping it (FORCE=1 to overwrite)" >&2
  exit 1
fi

# Hex only: safe inside URLs (postgres://, redis://) and shell files alike.
secret() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

umask 077
tmp="$target.tmp.$$"
trap 'rm -f "$tmp"' EXIT
sed \
  -e "s/^AUTH_SECRET=.*/AUTH_SECRET=$(secret 48)/" \
  -e "s/^POSTGRES_PASSWORD=.*/POSTGRES_PASSWORD=$(secret 24)/" \
  -e "s/^REDIS_PASSWORD=.*/REDIS_PASSWORD=$(secret 24)/" \
  "$example" >"$tmp"
mv "$tmp" "$target"
trap - EXIT
echo "write-env: wrote $target (mode 600) with fresh secrets"
