// The errors a file operation fails with, by their POSIX names, and the words glibc's
// strerror(3) gives them: what GNU's tools print after `NAME: FILE: `.

const MESSAGES = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  EINVAL: 'Invalid argument',
  EPERM: 'Operation not permitted',
  EACCES: 'Permission denied',
  EBUSY: 'Device or resource busy',
} as const;

export type Errno = keyof typeof MESSAGES;

/** strerror(3) as glibc words it. */
export function strerror(errno: Errno): string {
  return MESSAGES[errno];
}
