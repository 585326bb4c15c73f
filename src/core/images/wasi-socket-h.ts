// <wasmedge/wasi_socket.h>, which the wasi-sdk image ships in its sysroot: WasmEdge's socket
// functions declared for C, and socket(), bind(), listen(), connect(), accept(), getsockname(),
// getpeername(), setsockopt() and getsockopt() over them, so POSIX socket code builds for
// wasip1 unchanged (see the header's own comment). Also the fixtures' copy (test/fixtures/build.sh).

/** Where the header goes, relative to the sysroot: `#include <wasmedge/wasi_socket.h>`. */
export const WASI_SOCKET_H_PATH = 'include/wasmedge/wasi_socket.h';

export const WASI_SOCKET_H = String.raw`/*
 * <wasmedge/wasi_socket.h>: TCP sockets for C programs compiled to WASI preview1, on WasmEdge's
 * socket extension of wasi_snapshot_preview1 (what wasmedge_wasi_socket, hyper_wasi and
 * tokio_wasi use from Rust). Runs on WasmEdge and on Wharf.
 *
 * wasi-libc for wasip1 has accept(), recv(), send(), shutdown(), read(), write(), close(),
 * poll() and fcntl(O_NONBLOCK) for sockets, but no way to make one. Include this header after
 * the usual ones and socket(), bind(), listen(), connect(), accept(), getsockname(),
 * getpeername(), setsockopt() and getsockopt() work as they do on Linux (IPv4 and IPv6 TCP),
 * so one source builds natively and for WASI:
 *
 *     #include <sys/socket.h>
 *     #include <netinet/in.h>
 *     #ifdef __wasi__
 *     #include <wasmedge/wasi_socket.h>
 *     #endif
 *
 * The BSD names are macros for the wasmedge_* functions below; define
 * WASMEDGE_WASI_SOCKET_NO_BSD before including to keep only those. The raw imports
 * (wasmedge_sock_*) follow WasmEdge's ABI: they return a WASI errno (0 on success).
 * UDP (SOCK_DGRAM) is not covered. Lives in the WASI SDK's sysroot at
 * include/wasmedge/wasi_socket.h.
 */
#ifndef WASMEDGE_WASI_SOCKET_H
#define WASMEDGE_WASI_SOCKET_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <wasi/api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* wasi-libc releases before 2023 name no SOL_SOCKET options but SO_TYPE for wasip1: Linux's. */
#ifndef SO_REUSEADDR
#define SO_REUSEADDR 2
#endif
#ifndef SO_ERROR
#define SO_ERROR 4
#endif
#ifndef SO_DONTROUTE
#define SO_DONTROUTE 5
#endif
#ifndef SO_BROADCAST
#define SO_BROADCAST 6
#endif
#ifndef SO_SNDBUF
#define SO_SNDBUF 7
#endif
#ifndef SO_RCVBUF
#define SO_RCVBUF 8
#endif
#ifndef SO_KEEPALIVE
#define SO_KEEPALIVE 9
#endif
#ifndef SO_OOBINLINE
#define SO_OOBINLINE 10
#endif
#ifndef SO_LINGER
#define SO_LINGER 13
#endif
#ifndef SO_RCVLOWAT
#define SO_RCVLOWAT 18
#endif
#ifndef SO_RCVTIMEO
#define SO_RCVTIMEO 66
#endif
#ifndef SO_SNDTIMEO
#define SO_SNDTIMEO 67
#endif
#ifndef SO_ACCEPTCONN
#define SO_ACCEPTCONN 30
#endif

/* WasmEdge's values (thirdparty/wasi/api.hpp), which differ from wasi-libc's AF_ and SOCK_. */
#define WASMEDGE_AF_INET4 1
#define WASMEDGE_AF_INET6 2
#define WASMEDGE_SOCK_DGRAM 1
#define WASMEDGE_SOCK_STREAM 2
#define WASMEDGE_SOL_SOCKET 0
#define WASMEDGE_SO_REUSEADDR 0
#define WASMEDGE_SO_TYPE 1
#define WASMEDGE_SO_ERROR 2
#define WASMEDGE_SO_DONTROUTE 3
#define WASMEDGE_SO_BROADCAST 4
#define WASMEDGE_SO_SNDBUF 5
#define WASMEDGE_SO_RCVBUF 6
#define WASMEDGE_SO_KEEPALIVE 7
#define WASMEDGE_SO_OOBINLINE 8
#define WASMEDGE_SO_LINGER 9
#define WASMEDGE_SO_RCVLOWAT 10
#define WASMEDGE_SO_RCVTIMEO 11
#define WASMEDGE_SO_SNDTIMEO 12
#define WASMEDGE_SO_ACCEPTCONN 13

/* An address as WasmEdge takes it: 4 bytes (IPv4) or 16 (IPv6), in network order. */
typedef struct wasmedge_address {
  uint8_t *buf;
  uint32_t buf_len;
} wasmedge_address_t;

#define WASMEDGE_IMPORT(name) \
  __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__(#name)))

WASMEDGE_IMPORT(sock_open)
uint32_t wasmedge_sock_open(uint32_t address_family, uint32_t sock_type, uint32_t *fd);
WASMEDGE_IMPORT(sock_bind)
uint32_t wasmedge_sock_bind(uint32_t fd, wasmedge_address_t *address, uint32_t port);
WASMEDGE_IMPORT(sock_listen)
uint32_t wasmedge_sock_listen(uint32_t fd, uint32_t backlog);
WASMEDGE_IMPORT(sock_connect)
uint32_t wasmedge_sock_connect(uint32_t fd, wasmedge_address_t *address, uint32_t port);
/* address_type is 4 or 6 (WasmEdge's pre-0.12 form, which it keeps). */
WASMEDGE_IMPORT(sock_getlocaladdr)
uint32_t wasmedge_sock_getlocaladdr(uint32_t fd, wasmedge_address_t *address, uint32_t *address_type,
                                    uint32_t *port);
WASMEDGE_IMPORT(sock_getpeeraddr)
uint32_t wasmedge_sock_getpeeraddr(uint32_t fd, wasmedge_address_t *address, uint32_t *address_type,
                                   uint32_t *port);
WASMEDGE_IMPORT(sock_setsockopt)
uint32_t wasmedge_sock_setsockopt(uint32_t fd, uint32_t level, uint32_t name, const void *value, uint32_t size);
WASMEDGE_IMPORT(sock_getsockopt)
uint32_t wasmedge_sock_getsockopt(uint32_t fd, uint32_t level, uint32_t name, void *value, uint32_t *size);

/* --- the BSD calls over them --- */

static inline int wasmedge__fail(uint32_t err) {
  errno = (int)err;
  return -1;
}

/* A sockaddr as WasmEdge's address and port; 0 or an errno. */
static inline uint32_t wasmedge__address(const struct sockaddr *sa, socklen_t len, int family, uint8_t bytes[16],
                                         wasmedge_address_t *a, uint32_t *port) {
  if (sa == NULL) return EFAULT;
  if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
    memcpy(bytes, &in->sin_addr, 4);
    a->buf_len = 4;
    *port = ntohs(in->sin_port);
  } else if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
    memcpy(bytes, &in6->sin6_addr, 16);
    a->buf_len = 16;
    *port = ntohs(in6->sin6_port);
  } else {
    return sa->sa_family == AF_INET || sa->sa_family == AF_INET6 ? EINVAL : EAFNOSUPPORT;
  }
  (void)family;
  a->buf = bytes;
  return 0;
}

/* WasmEdge's address back into the caller's sockaddr (truncated to *len, as POSIX says). */
static inline void wasmedge__sockaddr(const uint8_t bytes[16], uint32_t type, uint32_t port, struct sockaddr *sa,
                                      socklen_t *len) {
  union {
    struct sockaddr_in in;
    struct sockaddr_in6 in6;
  } u;
  socklen_t size;
  memset(&u, 0, sizeof u);
  if (type == 6) {
    u.in6.sin6_family = AF_INET6;
    u.in6.sin6_port = htons((uint16_t)port);
    memcpy(&u.in6.sin6_addr, bytes, 16);
    size = sizeof u.in6;
  } else {
    u.in.sin_family = AF_INET;
    u.in.sin_port = htons((uint16_t)port);
    memcpy(&u.in.sin_addr, bytes, 4);
    size = sizeof u.in;
  }
  if (sa != NULL && len != NULL) memcpy(sa, &u, *len < size ? *len : size);
  if (len != NULL) *len = size;
}

static inline int wasmedge_socket(int domain, int type, int protocol) {
  uint32_t family, fd, err;
  int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (domain == AF_INET) family = WASMEDGE_AF_INET4;
  else if (domain == AF_INET6) family = WASMEDGE_AF_INET6;
  else return wasmedge__fail(EAFNOSUPPORT);
  if (kind != SOCK_STREAM) return wasmedge__fail(kind == SOCK_DGRAM ? EPROTONOSUPPORT : EINVAL);
  if (protocol != 0 && protocol != IPPROTO_TCP) return wasmedge__fail(EPROTONOSUPPORT);
  err = wasmedge_sock_open(family, WASMEDGE_SOCK_STREAM, &fd);
  if (err != 0) return wasmedge__fail(err);
  if ((type & SOCK_NONBLOCK) && fcntl((int)fd, F_SETFL, O_NONBLOCK) < 0) return -1;
  return (int)fd;
}

static inline int wasmedge_bind(int fd, const struct sockaddr *sa, socklen_t len) {
  uint8_t bytes[16];
  wasmedge_address_t a;
  uint32_t port, err = wasmedge__address(sa, len, 0, bytes, &a, &port);
  if (err == 0) err = wasmedge_sock_bind((uint32_t)fd, &a, port);
  return err == 0 ? 0 : wasmedge__fail(err);
}

static inline int wasmedge_connect(int fd, const struct sockaddr *sa, socklen_t len) {
  uint8_t bytes[16];
  wasmedge_address_t a;
  uint32_t port, err = wasmedge__address(sa, len, 0, bytes, &a, &port);
  if (err == 0) err = wasmedge_sock_connect((uint32_t)fd, &a, port);
  return err == 0 ? 0 : wasmedge__fail(err);
}

static inline int wasmedge_listen(int fd, int backlog) {
  uint32_t err = wasmedge_sock_listen((uint32_t)fd, (uint32_t)(backlog < 0 ? 0 : backlog));
  return err == 0 ? 0 : wasmedge__fail(err);
}

static inline int wasmedge_getsockname(int fd, struct sockaddr *sa, socklen_t *len) {
  uint8_t bytes[16] = {0};
  wasmedge_address_t a = {bytes, 16};
  uint32_t type, port, err = wasmedge_sock_getlocaladdr((uint32_t)fd, &a, &type, &port);
  if (err != 0) return wasmedge__fail(err);
  wasmedge__sockaddr(bytes, type, port, sa, len);
  return 0;
}

static inline int wasmedge_getpeername(int fd, struct sockaddr *sa, socklen_t *len) {
  uint8_t bytes[16] = {0};
  wasmedge_address_t a = {bytes, 16};
  uint32_t type, port, err = wasmedge_sock_getpeeraddr((uint32_t)fd, &a, &type, &port);
  if (err != 0) return wasmedge__fail(err);
  wasmedge__sockaddr(bytes, type, port, sa, len);
  return 0;
}

/* accept() with the peer's address filled in (wasi-libc's own leaves it unspecified). */
static inline int wasmedge_accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags) {
  __wasi_fd_t conn;
  __wasi_errno_t err = __wasi_sock_accept((__wasi_fd_t)fd, (flags & SOCK_NONBLOCK) ? __WASI_FDFLAGS_NONBLOCK : 0,
                                         &conn);
  if (err != 0) return wasmedge__fail(err);
  if (sa != NULL && len != NULL && wasmedge_getpeername((int)conn, sa, len) < 0) {
    memset(sa, 0, *len);
    *len = 0;
  }
  return (int)conn;
}

static inline int wasmedge_accept(int fd, struct sockaddr *sa, socklen_t *len) {
  return wasmedge_accept4(fd, sa, len, 0);
}

/* SOL_SOCKET options by their wasi-libc names; -1 for one WasmEdge does not have. */
static inline int wasmedge__option(int level, int name) {
  if (level != SOL_SOCKET) return -1;
  switch (name) {
  case SO_REUSEADDR: return WASMEDGE_SO_REUSEADDR;
  case SO_TYPE: return WASMEDGE_SO_TYPE;
  case SO_ERROR: return WASMEDGE_SO_ERROR;
  case SO_DONTROUTE: return WASMEDGE_SO_DONTROUTE;
  case SO_BROADCAST: return WASMEDGE_SO_BROADCAST;
  case SO_SNDBUF: return WASMEDGE_SO_SNDBUF;
  case SO_RCVBUF: return WASMEDGE_SO_RCVBUF;
  case SO_KEEPALIVE: return WASMEDGE_SO_KEEPALIVE;
  case SO_OOBINLINE: return WASMEDGE_SO_OOBINLINE;
  case SO_LINGER: return WASMEDGE_SO_LINGER;
  case SO_RCVLOWAT: return WASMEDGE_SO_RCVLOWAT;
  case SO_RCVTIMEO: return WASMEDGE_SO_RCVTIMEO;
  case SO_SNDTIMEO: return WASMEDGE_SO_SNDTIMEO;
  case SO_ACCEPTCONN: return WASMEDGE_SO_ACCEPTCONN;
  default: return -1;
  }
}

static inline int wasmedge_setsockopt(int fd, int level, int name, const void *value, socklen_t size) {
  int opt = wasmedge__option(level, name);
  uint32_t err;
  if (opt < 0) return wasmedge__fail(ENOPROTOOPT);
  err = wasmedge_sock_setsockopt((uint32_t)fd, WASMEDGE_SOL_SOCKET, (uint32_t)opt, value, (uint32_t)size);
  return err == 0 ? 0 : wasmedge__fail(err);
}

static inline int wasmedge_getsockopt(int fd, int level, int name, void *value, socklen_t *size) {
  int opt = wasmedge__option(level, name);
  uint32_t n, err;
  if (opt < 0) return wasmedge__fail(ENOPROTOOPT);
  if (size == NULL) return wasmedge__fail(EFAULT);
  n = (uint32_t)*size;
  err = wasmedge_sock_getsockopt((uint32_t)fd, WASMEDGE_SOL_SOCKET, (uint32_t)opt, value, &n);
  if (err != 0) return wasmedge__fail(err);
  *size = (socklen_t)n;
  /* WasmEdge reports a stream as its own SOCK_STREAM (2): the caller compares with wasi-libc's. */
  if (opt == WASMEDGE_SO_TYPE && n >= sizeof(int)) {
    int *type = (int *)value;
    *type = *type == WASMEDGE_SOCK_STREAM ? SOCK_STREAM : *type == WASMEDGE_SOCK_DGRAM ? SOCK_DGRAM : *type;
  }
  return 0;
}

#ifndef WASMEDGE_WASI_SOCKET_NO_BSD
#define socket wasmedge_socket
#define bind wasmedge_bind
#define connect wasmedge_connect
#define listen wasmedge_listen
#define accept wasmedge_accept
#define accept4 wasmedge_accept4
#define getsockname wasmedge_getsockname
#define getpeername wasmedge_getpeername
#define setsockopt wasmedge_setsockopt
#define getsockopt wasmedge_getsockopt
#endif

#ifdef __cplusplus
}
#endif

#endif
`;
