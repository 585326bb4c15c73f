// A small HTTP/1.1 server in C on POSIX sockets. The same source builds natively
// (gcc server.c -o server) and for WASI, where <wasmedge/wasi_socket.h> from the WASI SDK
// image gives socket(), bind() and listen() over WasmEdge's socket functions; accept(), recv(),
// send() and close() are wasi-libc's own. One connection at a time, each closed after its
// response.
//
//   GET /        a page that counts its visits
//   GET /hello   a line of text
//   POST /echo   the size and FNV-1a hash of the request body
//   GET /slow    a response in two parts, two seconds apart (the first is on its way meanwhile)
//   GET /crash   starts a response and traps halfway (what a crashing server looks like)
//
// Usage: server [PORT [ADDRESS]]   (8080 on every interface by default; port 0 picks one)
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#ifdef __wasi__
#include <wasmedge/wasi_socket.h>
#else
#include <signal.h>
#endif

#define HEAD_MAX 16384

static unsigned long visits;

static int send_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, buf, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

static int respond(int fd, int status, const char *reason, const char *type, const char *body) {
  char head[256];
  size_t len = strlen(body);
  int n = snprintf(head, sizeof head,
                   "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                   status, reason, type, len);
  if (send_all(fd, head, (size_t)n) < 0 || send_all(fd, body, len) < 0) return -1;
  return status;
}

static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n) {
  while (n-- > 0) h = (h ^ *p++) * 16777619u;
  return h;
}

/* The value of header `name` in the request head, or NULL. */
static const char *header(const char *head, const char *name) {
  size_t len = strlen(name);
  for (const char *line = strstr(head, "\r\n"); line != NULL; line = strstr(line + 2, "\r\n")) {
    if (strncasecmp(line + 2, name, len) == 0 && line[2 + len] == ':') {
      const char *v = line + 3 + len;
      while (*v == ' ') v++;
      return v;
    }
  }
  return NULL;
}

/* Serves one connection; returns the status sent (0: the client left first). */
static int serve(int fd, char method[16], char path[256]) {
  static char head[HEAD_MAX + 1];
  size_t used = 0;
  char *end;
  method[0] = path[0] = '\0';
  for (;;) {
    head[used] = '\0';
    if ((end = strstr(head, "\r\n\r\n")) != NULL) break;
    if (used == HEAD_MAX) return respond(fd, 431, "Request Header Fields Too Large", "text/plain", "too long\n");
    ssize_t n = recv(fd, head + used, HEAD_MAX - used, 0);
    if (n <= 0) return 0;
    used += (size_t)n;
  }
  if (sscanf(head, "%15s %255s", method, path) != 2) {
    return respond(fd, 400, "Bad Request", "text/plain", "bad request line\n");
  }

  // The body: what came with the head, then the rest of Content-Length.
  const char *cl = header(head, "Content-Length");
  unsigned long long want = cl ? strtoull(cl, NULL, 10) : 0, got = used - (size_t)(end + 4 - head);
  uint32_t hash = fnv1a(2166136261u, (unsigned char *)end + 4, (size_t)got);
  while (got < want) {
    static unsigned char chunk[65536];
    size_t room = want - got < sizeof chunk ? (size_t)(want - got) : sizeof chunk;
    ssize_t n = recv(fd, chunk, room, 0);
    if (n <= 0) return 0;
    hash = fnv1a(hash, chunk, (size_t)n);
    got += (unsigned long long)n;
  }

  char body[512];
  if (strcmp(path, "/") == 0 && strcmp(method, "GET") == 0) {
    snprintf(body, sizeof body,
             "<!doctype html>\n<title>Hello from WASI</title>\n"
             "<h1>Hello from a C server on WASI sockets</h1>\n<p>Visit number %lu.</p>\n",
             ++visits);
    return respond(fd, 200, "OK", "text/html; charset=utf-8", body);
  }
  if (strcmp(path, "/hello") == 0 && strcmp(method, "GET") == 0) {
    return respond(fd, 200, "OK", "text/plain", "Hello, Wasm!\n");
  }
  if (strcmp(path, "/echo") == 0 && strcmp(method, "POST") == 0) {
    snprintf(body, sizeof body, "received %llu bytes, fnv1a %08x\n", got, hash);
    return respond(fd, 200, "OK", "text/plain", body);
  }
  if (strcmp(path, "/slow") == 0 && strcmp(method, "GET") == 0) {
    const char *first = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nfirst\n";
    if (send_all(fd, first, strlen(first)) < 0) return 0;
    sleep(2);
    if (send_all(fd, "second\n", 7) < 0) return 0;
    return 200;
  }
  if (strcmp(path, "/crash") == 0) {
    const char *start = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nthe first half";
    send_all(fd, start, strlen(start));
    __builtin_trap();
  }
  return respond(fd, 404, "Not Found", "text/plain", "not found\n");
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  const char *address = argc > 2 ? argv[2] : "0.0.0.0";
  setvbuf(stdout, NULL, _IOLBF, 0);
#ifndef __wasi__
  signal(SIGPIPE, SIG_IGN); // a client that leaves early is an error from send(), not the end
#endif

  struct sockaddr_storage addr;
  socklen_t addr_len;
  memset(&addr, 0, sizeof addr);
  struct sockaddr_in *in = (struct sockaddr_in *)&addr;
  struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&addr;
  if (inet_pton(AF_INET, address, &in->sin_addr) == 1) {
    in->sin_family = AF_INET;
    in->sin_port = htons((uint16_t)port);
    addr_len = sizeof *in;
  } else if (inet_pton(AF_INET6, address, &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t)port);
    addr_len = sizeof *in6;
  } else {
    fprintf(stderr, "server: %s is not an IP address\n", address);
    return 2;
  }

  int fd = socket(addr.ss_family, SOCK_STREAM, 0);
  int on = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) {
    perror("server: socket");
    return 1;
  }
  if (bind(fd, (struct sockaddr *)&addr, addr_len) < 0 || listen(fd, 64) < 0) {
    fprintf(stderr, "server: cannot listen on %s port %d: %s\n", address, port, strerror(errno));
    return 1;
  }
  addr_len = sizeof addr;
  getsockname(fd, (struct sockaddr *)&addr, &addr_len);
  port = ntohs(addr.ss_family == AF_INET ? in->sin_port : in6->sin6_port);
  printf(addr.ss_family == AF_INET ? "listening on http://%s:%d/\n" : "listening on http://[%s]:%d/\n", address,
         port);

  for (;;) {
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    int conn = accept(fd, (struct sockaddr *)&peer, &peer_len);
    if (conn < 0) {
      perror("server: accept");
      continue;
    }
    char who[INET6_ADDRSTRLEN] = "?", method[16], path[256];
    const void *ip = peer.ss_family == AF_INET ? (const void *)&((struct sockaddr_in *)&peer)->sin_addr
                                               : (const void *)&((struct sockaddr_in6 *)&peer)->sin6_addr;
    inet_ntop(peer.ss_family, ip, who, sizeof who);
    int status = serve(conn, method, path);
    if (status > 0) printf("%s %s %s %d\n", who, method, path, status);
    else if (status == 0) printf("%s left before its request was complete\n", who);
    else printf("%s %s %s: %s\n", who, method, path, strerror(errno));
    close(conn);
  }
}
