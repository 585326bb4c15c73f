// Reads a file that the Dockerfile COPY'd into the image and counts its lines and words.
#include <ctype.h>
#include <stdio.h>

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/data/poem.txt";
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    return 1;
  }
  int c, lines = 0, words = 0, in_word = 0;
  long bytes = 0;
  while ((c = fgetc(f)) != EOF) {
    putchar(c);
    bytes++;
    if (c == '\n') lines++;
    if (isspace(c)) in_word = 0;
    else if (!in_word) in_word = 1, words++;
  }
  fclose(f);
  printf("\n%s: %d lines, %d words, %ld bytes\n", path, lines, words, bytes);
  return 0;
}
