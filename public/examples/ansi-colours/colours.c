// ANSI escape sequences: the Output terminal renders colours, bold and a 256-colour ramp.
#include <stdio.h>

int main(void) {
  const char *names[] = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"};
  for (int i = 0; i < 8; i++) printf("\x1b[3%dm%-8s\x1b[0m \x1b[1;3%dmbold\x1b[0m  \x1b[4%dm  \x1b[0m\n", i, names[i], i, i);
  for (int i = 16; i < 232; i += 6) printf("\x1b[48;5;%dm \x1b[0m", i);
  printf("\n\x1b[1;32m✔\x1b[0m colours work\n");
  return 0;
}
