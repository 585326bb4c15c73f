#include <stdio.h>

int main(void) {
  puts("Hello, Wasm!");
  return 0;
}
