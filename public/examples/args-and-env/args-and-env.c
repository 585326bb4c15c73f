// Prints its arguments and environment: try the Run options, or edit CMD and ENV.
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc = %d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
  puts("environment:");
  for (char **e = environ; *e; e++) printf("  %s\n", *e);
  const char *who = getenv("GREETING_NAME");
  printf("Hello, %s!\n", who ? who : "stranger");
  return 0;
}
