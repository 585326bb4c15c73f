// CPU-bound work with timing: counts primes below N with a sieve, several rounds.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int count_primes(int n, unsigned char *sieve) {
  memset(sieve, 1, n);
  sieve[0] = sieve[1] = 0;
  for (long i = 2; i * i < n; i++)
    if (sieve[i])
      for (long j = i * i; j < n; j += i) sieve[j] = 0;
  int count = 0;
  for (int i = 0; i < n; i++) count += sieve[i];
  return count;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10000000;
  int rounds = argc > 2 ? atoi(argv[2]) : 5;
  unsigned char *sieve = malloc(n);
  if (!sieve) {
    fprintf(stderr, "out of memory for n=%d\n", n);
    return 1;
  }
  for (int r = 1; r <= rounds; r++) {
    double t0 = now_ms();
    int c = count_primes(n, sieve);
    printf("round %d: %d primes below %d in %.1f ms\n", r, c, n, now_ms() - t0);
  }
  free(sieve);
  return 0;
}
