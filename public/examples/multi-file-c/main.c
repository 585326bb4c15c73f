// Two source files and a header, compiled and linked by one clang command in the build stage.
#include <stdlib.h>

#include "greet.h"

int main(int argc, char **argv) {
  const char *name = argc > 1 ? argv[1] : "multi-file C";
  int times = argc > 2 ? atoi(argv[2]) : 3;
  greet(name, times);
  return 0;
}
