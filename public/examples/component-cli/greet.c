// A C program built into a WASI 0.2 command component: clang compiles it for WASI preview1,
// then `wasm-tools component new` wraps it with the preview1 command adapter.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  const char *name = getenv("GREETING_NAME");
  printf("Hello from a WASI 0.2 component, %s!\n", name ? name : "stranger");
  for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);

  FILE *f = fopen("/greeting.txt", "r");
  if (!f) {
    perror("/greeting.txt");
    return 1;
  }
  char line[256];
  while (fgets(line, sizeof line, f)) printf("greeting.txt: %s", line);
  fclose(f);
  return 0;
}
