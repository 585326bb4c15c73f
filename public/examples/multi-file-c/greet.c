#include <stdio.h>

#include "greet.h"

void greet(const char *name, int times) {
  for (int i = 1; i <= times; i++) printf("%d. Hello, %s!\n", i, name);
}
