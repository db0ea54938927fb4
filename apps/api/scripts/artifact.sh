#!/usr/bin/env bash
# Builds the deployable API: <out>/dist (the bundle, workspace packages inlined) and <out>/node_modules
# (the API's production dependencies only). Run it anywhere with plain `node <out>/dist/index.js`.
# The Dockerfile runs exactly these steps; test/hardening/artifact.test.ts runs this script.
#   usage: pnpm --filter @gatehouse/api artifact <out-dir>     (relative paths: from apps/api)
set -euo pipefail
out="${1:?usage: artifact.sh <out-dir>}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
cd "$(dirname "$0")/../../.."

pnpm --filter @gatehouse/api build
rm -rf "$out"
# --legacy: pnpm 10 otherwise requires inject-workspace-packages for the whole workspace. The bundle
# already contains the workspace packages, so the artifact needs only registry packages.
pnpm --filter @gatehouse/api deploy --prod --legacy --config.auto-install-peers=false "$out"
echo "artifact: $out (start with: NODE_ENV=production node $out/dist/index.js)"
