#!/usr/bin/env bash
# Rebuilds the prebuilt .wasm modules of the examples gallery from their C sources.
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

build hello-world hello-world.c hello-world.wasm
build args-and-env args-and-env.c args-and-env.wasm
build data-file read-data.c read-data.wasm
build multi-stage greet.c greet.wasm
build stdin-filter upper.c upper.wasm
build cpu-bound primes.c primes.wasm
build ansi-colours colours.c colours.wasm
