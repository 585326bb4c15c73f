#!/usr/bin/env bash
# Rebuilds the prebuilt image of the embeds demo (embeds.html): the examples' stdin filter
# (examples/stdin-filter/upper.c) compiled by Debian's clang and wasi-libc, packaged by
# `wharf build` as FROM scratch + the module, into upper.tar (an OCI image layout tarball). The
# same inputs give the same bytes. The e2e tests and the bench run it as an `image=` embed.
# Needs clang, lld and wasi-libc (apt-get install clang lld wasi-libc libclang-rt-dev-wasm32).
# Run from anywhere: bash public/demo/build.sh
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)

SYSROOT=${WASI_SYSROOT:-/usr/share/wasi-sysroot}
[ -d "$SYSROOT" ] || SYSROOT=/usr

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
clang --target=wasm32-wasi --sysroot="$SYSROOT" -O2 -Wall -Wextra -Werror \
  -Wl,--strip-all -o "$context/upper.wasm" ../examples/stdin-filter/upper.c
cat >"$context/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY upper.wasm /upper.wasm
ENTRYPOINT ["/upper.wasm"]
DOCKERFILE
node "$root/src/cli/wharf.mjs" build -q -t upper:latest -o upper.tar "$context"
echo "built upper.tar ($(wc -c <upper.tar) bytes)"
