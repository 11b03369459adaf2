#!/usr/bin/env bash
# Every command a release runs, in one place: .github/workflows/release.yml calls it, and the
# container suite (e2e/containers/release.test.ts) calls the same commands with one platform
# and --load instead of --push, so what CI publishes is what the tests built.
#
#   release.sh bump <X.Y.Z>                 set the version in every package.json, the lockfile and the
#                                           chart, and head CHANGELOG.md's Unreleased entries with it
#   release.sh check <X.Y.Z>                exit 1 unless all of those say X.Y.Z
#   release.sh tags <X.Y.Z>                 the tags an image gets, one a line
#   release.sh images <X.Y.Z> push|load <metadata-dir>
#                                           build the server and web images for $PLATFORMS, tagged and
#                                           labelled; buildx metadata (digests) in <dir>/{server,web}.json
#   release.sh chart <X.Y.Z> <dir>          helm package deploy/helm/docket into <dir>
#   release.sh sbom <X.Y.Z> <dir>           npm's CycloneDX SBOM of every package into <dir>
#
# Settings, from the environment:
#   IMAGE_PREFIX  where the images go: <prefix>/docket-server, <prefix>/docket-web (ghcr.io/docket-app)
#   PLATFORMS     buildx platforms (linux/amd64,linux/arm64)
#   SOURCE        the repository's address, the images' org.opencontainers.image.source
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE_PREFIX=${IMAGE_PREFIX:-ghcr.io/docket-app}
PLATFORMS=${PLATFORMS:-linux/amd64,linux/arm64}
SOURCE=${SOURCE:-https://github.com/docket-app/docket}
CHART=deploy/helm/docket
IMAGES=(server web)

die() {
  echo "release: $*" >&2
  exit 1
}

# The commands and settings listed at the top of this file.
usage() {
  sed -n 's/^#   //p' "$0" >&2
  exit 2
}

require_version() {
  [[ ${1:-} =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] ||
    die "version must be X.Y.Z (the tag without its v), got '${1:-}'"
}

# The versions a release must agree on: what the server reports (server/package.json), the
# other packages, the lockfile and the chart (version and appVersion, the default image tag).
versions() {
  local file
  for file in package.json server/package.json web/package.json e2e/package.json; do
    echo "$file $(node -p "require('./$file').version")"
  done
  echo "package-lock.json $(node -p "require('./package-lock.json').version")"
  echo "$CHART/Chart.yaml:version $(sed -n 's/^version: *//p' "$CHART/Chart.yaml" | tr -d "'\"")"
  echo "$CHART/Chart.yaml:appVersion $(sed -n 's/^appVersion: *//p' "$CHART/Chart.yaml" | tr -d "'\"")"
  echo "CHANGELOG.md $(released_in_changelog | head -n 1)"
}

# The versions CHANGELOG.md has sections for, newest first (Keep a Changelog: "## [1.4.2] - date").
released_in_changelog() {
  sed -n 's/^## \[\([0-9][^]]*\)\].*/\1/p' CHANGELOG.md
}

# Gives the Unreleased entries a section of their own: "## [X.Y.Z] - today" under
# "## [Unreleased]", and the comparison links at the bottom (previous tag...vX.Y.Z).
changelog_section() {
  local version=$1 previous base
  [ "$(released_in_changelog | head -n 1)" != "$version" ] || return 0
  previous=$(released_in_changelog | head -n 1)
  base=$(sed -n 's|^\[Unreleased\]: \(.*\)/compare/.*|\1|p' CHANGELOG.md)
  [ -n "$base" ] || die "CHANGELOG.md has no [Unreleased]: <repository>/compare/... link"
  sed -i \
    -e "s|^## \[Unreleased\]$|## [Unreleased]\n\n## [$version] - $(date -u +%F)|" \
    -e "s|^\[Unreleased\]: .*|[Unreleased]: $base/compare/v$version...HEAD\n[$version]: $base/compare/v$previous...v$version|" \
    CHANGELOG.md
}

check() {
  local version=$1 wrong
  wrong=$(versions | awk -v v="$version" '$2 != v')
  [ -z "$wrong" ] ||
    die "not every version is $version (run deploy/release/release.sh bump $version):"$'\n'"$wrong"
}

bump() {
  local version=$1
  npm version "$version" --no-git-tag-version --allow-same-version --workspaces \
    --include-workspace-root --no-workspaces-update >/dev/null
  npm install --package-lock-only --ignore-scripts --no-audit --no-fund >/dev/null
  sed -i -e "s/^version: .*/version: $version/" -e "s/^appVersion: .*/appVersion: '$version'/" \
    "$CHART/Chart.yaml"
  changelog_section "$version"
  check "$version"
  versions
}

# Is $1 at least every release tag (vX.Y.Z) that starts with $2? A fix to an older line
# moves only its own tags: 1.4.3 after 2.0.0 gets 1.4 but neither 1 nor latest.
newest_of() {
  local version=$1 prefix=$2 newest
  newest=$(
    {
      git tag --list "v$prefix*" | sed 's/^v//' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' || true
      echo "$version"
    } | grep -E "^${prefix//./\\.}" | sort -V | tail -n 1
  )
  [ "$newest" = "$version" ]
}

tags() {
  local version=$1 major minor
  major=${version%%.*}
  minor=${version%.*}
  echo "$version"
  if newest_of "$version" "$minor."; then echo "$minor"; fi
  if newest_of "$version" "$major."; then echo "$major"; fi
  if newest_of "$version" ""; then echo latest; fi
  echo "sha-$(git rev-parse HEAD | cut -c1-7)"
}

images() {
  local version=$1 mode=$2 metadata=$3 revision created name tag
  [[ $mode = push || $mode = load ]] || die "images: push or load, got '$mode'"
  [ -n "$metadata" ] || usage
  check "$version"
  # The revision label must name exactly what was built: no change to a tracked file, no new
  # file where the images take sources from (other untracked files, such as the SBOMs
  # release.yml writes, never enter the build context: .dockerignore is an allow-list).
  [ -z "$(git status --porcelain --untracked-files=no; git ls-files --others --exclude-standard -- server web)" ] ||
    die "the work tree has changes: commit them first"
  revision=$(git rev-parse HEAD)
  created=$(TZ=UTC0 git log -1 --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd HEAD)
  mkdir -p "$metadata"
  for name in "${IMAGES[@]}"; do
    local tag_args=()
    for tag in $(tags "$version"); do tag_args+=(--tag "$IMAGE_PREFIX/docket-$name:$tag"); done
    docker buildx build \
      --file "$name/Dockerfile" \
      --platform "$PLATFORMS" \
      --build-arg "VERSION=$version" \
      --build-arg "REVISION=$revision" \
      --build-arg "SOURCE=$SOURCE" \
      --label "org.opencontainers.image.created=$created" \
      "${tag_args[@]}" \
      --metadata-file "$metadata/$name.json" \
      "--$mode" \
      .
  done
}

chart() {
  local version=$1 dir=$2
  [ -n "$dir" ] || usage
  check "$version"
  mkdir -p "$dir"
  helm package "$CHART" --version "$version" --app-version "$version" --destination "$dir"
}

# Every package in the lockfile, the tools that build the images included (the images' own
# SBOMs list what each one ships). From the lockfile, so it needs no node_modules.
sbom() {
  local version=$1 dir=$2
  [ -n "$dir" ] || usage
  check "$version"
  mkdir -p "$dir"
  npm sbom --sbom-format cyclonedx --sbom-type application --package-lock-only \
    >"$dir/docket-$version.npm.cdx.json"
  echo "$dir/docket-$version.npm.cdx.json"
}

command=${1:-}
version=${2:-}
[ -n "$command" ] || usage
require_version "$version"
case $command in
  bump) bump "$version" ;;
  check) check "$version" ;;
  tags) tags "$version" ;;
  images) images "$version" "${3:-}" "${4:-}" ;;
  chart) chart "$version" "${3:-}" ;;
  sbom) sbom "$version" "${3:-}" ;;
  *) usage ;;
esac
