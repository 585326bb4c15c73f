// Prints the table a Python build step generated as table.h.
#include <stdio.h>

#include "table.h"

int main(void) {
  printf("%4s %6s %8s\n", "n", "n^2", "n^3");
  for (int i = 0; i < ROWS; i++) printf("%4ld %6ld %8ld\n", TABLE[i][0], TABLE[i][1], TABLE[i][2]);
  return 0;
}
