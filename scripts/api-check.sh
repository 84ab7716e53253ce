#!/usr/bin/env bash
# `npm run api:check` (and `npm test`, after the build): fails when the checked-in OpenAPI document or the client types
# generated from it (apps/web/src/api/{openapi.json,schema.d.ts}) differ from what the compiled API gives now.
# Generates into a temporary directory; changes nothing. Needs `npm run build:ts` first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

EXPORTER=dist/apps/api/scripts/export-openapi.js
CHECKED_IN=apps/web/src/api
if [ ! -f "$EXPORTER" ]; then
  echo "api:check: $EXPORTER is missing: run npm run build:ts first" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node "$EXPORTER" "$tmp/openapi.json" >/dev/null
npx --no-install openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.d.ts" >"$tmp/openapi-typescript.log" 2>&1 ||
  {
    cat "$tmp/openapi-typescript.log" >&2
    exit 1
  }

stale=0
for file in openapi.json schema.d.ts; do
  if ! cmp -s "$tmp/$file" "$CHECKED_IN/$file"; then
    stale=1
    echo "api:check: $CHECKED_IN/$file is stale (first differences below)" >&2
    diff -u "$CHECKED_IN/$file" "$tmp/$file" 2>&1 | head -n 40 >&2 || true
  fi
done
if [ "$stale" = 1 ]; then
  echo "api:check: the checked-in API client does not match the API. Run: npm run build:ts && npm run api:generate, then commit $CHECKED_IN" >&2
  exit 1
fi
echo "api:check: $CHECKED_IN/openapi.json and schema.d.ts match the API"
