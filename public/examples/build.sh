#!/usr/bin/env bash
# Rebuilds the one prebuilt module of the examples gallery (hello-world-prebuilt) from its C
# source; every other example compiles its sources in its Dockerfile.
# Needs Debian's clang, lld and wasi-libc (apt-get install clang lld wasi-libc
# libclang-rt-dev-wasm32). Run from anywhere: bash public/examples/build.sh
set -euo pipefail
cd "$(dirname "$0")"

# Debian 12's wasi-libc installs into /usr (lib/wasm32-wasi, include/wasm32-wasi); newer
# releases and wasi-sdk use /usr/share/wasi-sysroot.
SYSROOT=${WASI_SYSROOT:-/usr/share/wasi-sysroot}
[ -d "$SYSROOT" ] || SYSROOT=/usr

build() { # dir source output
  clang --target=wasm32-wasi --sysroot="$SYSROOT" -O2 -Wall -Wextra -Werror \
    -Wl,--strip-all -o "$1/$3" "$1/$2"
  echo "built $1/$3 ($(wc -c <"$1/$3") bytes)"
}

build hello-world-prebuilt hello-world.c hello-world.wasm
