/*
 * fs/syscalls.h - the file-system calls (Linux i386 semantics), listed in
 * fs/syscalls.c's table, and the helpers they share.
 *
 * Every pointer argument is a user address: strings come in through
 * getname(), everything else through copy_from_user/copy_to_user.
 */
#ifndef FS_SYSCALLS_H
#define FS_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>
#include "fs/stat.h"

struct inode;
struct pollfd;

/* The user's I/O vector for readv/writev (8 bytes on i386). */
struct iovec {
    char *iov_base;
    size_t iov_len;
};

/* Copy a user path into a new kernel buffer of PATH_MAX bytes.  0 or
 * -EFAULT/-ENAMETOOLONG/-ENOMEM.  Free it with putname(). */
int getname(const char *upath, char **out);
void putname(char *name);
/* Where a path given to an *at() call starts: the root for an absolute
 * path, the cwd for AT_FDCWD, else the directory open as `dirfd`.  *base
 * gets a reference.  0, -EBADF or -ENOTDIR. */
int at_base(int dirfd, const char *path, struct inode **base);
/* Look up a user path as the *at() calls do, relative to `dirfd`, with
 * path_lookup's `flags`; *out gets a reference.  With `empty_ok`, ""
 * names dirfd's own file (AT_EMPTY_PATH); otherwise it is -ENOENT. */
int user_lookup_at(int dirfd, const char *upath, int flags, int empty_ok,
                   struct inode **out);

/* fs/sys_rw.c */
long sys_read(int fd, char *buf, uint32_t n);
long sys_write(int fd, const char *buf, uint32_t n);
long sys_pread64(int fd, char *buf, uint32_t n, uint32_t lo, uint32_t hi);
long sys_pwrite64(int fd, const char *buf, uint32_t n, uint32_t lo, uint32_t hi);
long sys_readv(int fd, const struct iovec *iov, int cnt);
long sys_writev(int fd, const struct iovec *iov, int cnt);
long sys_lseek(int fd, int32_t off, int whence);
long sys_llseek(int fd, uint32_t hi, uint32_t lo, int64_t *result, int whence);

/* fs/sys_open.c */
long sys_open(const char *path, int flags, int mode);
long sys_openat(int dirfd, const char *path, int flags, int mode);
long sys_creat(const char *path, int mode);
long sys_close(int fd);

/* fs/sys_fd.c */
long sys_dup(int fd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_pipe(int *fds);
long sys_pipe2(int *fds, int flags);
long sys_fcntl(int fd, int cmd, unsigned long arg);
long sys_fcntl64(int fd, int cmd, unsigned long arg);
long sys_ioctl(int fd, uint32_t cmd, unsigned long arg);

/* fs/sys_stat.c */
long sys_stat64(const char *path, struct stat64 *st);
long sys_lstat64(const char *path, struct stat64 *st);
long sys_fstat64(int fd, struct stat64 *st);
long sys_fstatat64(int dirfd, const char *path, struct stat64 *st, int flags);
long sys_statx(void);
long sys_getdents64(int fd, char *buf, uint32_t count);
long sys_access(const char *path, int mode);
long sys_faccessat(int dirfd, const char *path, int mode);
long sys_readlink(const char *path, char *buf, int size);
long sys_readlinkat(int dirfd, const char *path, char *buf, int size);

/* fs/sys_namei.c */
long sys_mkdir(const char *path, int mode);
long sys_mkdirat(int dirfd, const char *path, int mode);
long sys_rmdir(const char *path);
long sys_unlink(const char *path);
long sys_unlinkat(int dirfd, const char *path, int flags);
long sys_rename(const char *oldpath, const char *newpath);
long sys_renameat(int olddirfd, const char *oldpath, int newdirfd,
                  const char *newpath);
long sys_link(const char *oldpath, const char *newpath);
long sys_linkat(int olddirfd, const char *oldpath, int newdirfd,
                const char *newpath, int flags);
long sys_symlink(const char *target, const char *path);
long sys_symlinkat(const char *target, int dirfd, const char *path);

/* fs/sys_dir.c */
long sys_chdir(const char *path);
long sys_fchdir(int fd);
long sys_getcwd(char *buf, uint32_t size);

/* fs/sys_attr.c */
long sys_truncate(const char *path, int32_t len);
long sys_truncate64(const char *path, uint32_t lo, uint32_t hi);
long sys_ftruncate(int fd, int32_t len);
long sys_ftruncate64(int fd, uint32_t lo, uint32_t hi);
long sys_umask(int mask);
long sys_fsync(int fd);
long sys_fdatasync(int fd);
long sys_sync(void);
long sys_syncfs(int fd);
long sys_chmod(const char *path, int mode);
long sys_fchmod(int fd, int mode);
long sys_fchmodat(int dirfd, const char *path, int mode);
long sys_chown32(const char *path, int uid, int gid);
long sys_lchown32(const char *path, int uid, int gid);
long sys_fchown32(int fd, int uid, int gid);
long sys_fchownat(int dirfd, const char *path, int uid, int gid, int flags);
long sys_utimensat(int dirfd, const char *path, const int32_t *times, int flags);

/* fs/sys_namei.c: the newer name calls */
long sys_mknod(const char *path, int mode, uint32_t dev);
long sys_mknodat(int dirfd, const char *path, int mode, uint32_t dev);
long sys_renameat2(int olddirfd, const char *uold, int newdirfd,
                   const char *unew, uint32_t flags);

/* fs/sys_statfs.c */
long sys_statfs(const char *path, void *buf);
long sys_fstatfs(int fd, void *buf);
long sys_statfs64(const char *path, uint32_t size, void *buf);
long sys_fstatfs64(int fd, uint32_t size, void *buf);

/* fs/sys_fadvise.c */
long sys_fadvise64(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t len,
                   int advice);
long sys_fadvise64_64(int fd, uint32_t off_lo, uint32_t off_hi,
                      uint32_t len_lo, uint32_t len_hi, int advice);

/* fs/sys_poll.c */
struct pollfd {
    int fd;
    short events;
    short revents;
};
long sys_poll(struct pollfd *fds, uint32_t nfds, int timeout);
/* Wait until one of the n entries (kernel memory) has events, at most
 * timeout_ns (-1: for ever, 0: just look); fills every revents.  Returns
 * how many entries have events, 0 on timeout, or -EINTR. */
long poll_wait(struct pollfd *pfds, uint32_t n, int64_t timeout_ns);
/* poll_wait on a user array of nfds entries (-EINVAL above the cap). */
long poll_user(struct pollfd *ufds, uint32_t nfds, int64_t timeout_ns);
/* fs/sys_select.c: select, pselect6 and ppoll, on poll_wait. */
struct sel_arg_struct;
long sys_select(struct sel_arg_struct *uargs);
long sys__newselect(int n, uint32_t *inp, uint32_t *outp, uint32_t *exp, void *utv);
long sys_pselect6(int n, uint32_t *inp, uint32_t *outp, uint32_t *exp, void *uts,
                  void *usig);
long sys_pselect6_time64(int n, uint32_t *inp, uint32_t *outp, uint32_t *exp,
                         void *uts, void *usig);
long sys_ppoll(struct pollfd *ufds, uint32_t nfds, void *uts, const uint64_t *umask,
               uint32_t setsize);
long sys_ppoll_time64(struct pollfd *ufds, uint32_t nfds, void *uts,
                      const uint64_t *umask, uint32_t setsize);
/* Start waking pollers on every clock tick (called by fs_init). */
void poll_init(void);
/* fs/timerfd.c */
void timerfd_init(void);
struct itimerspec32;
long sys_timerfd_create(int clk, int flags);
long sys_timerfd_settime(int fd, int flags, const struct itimerspec32 *unew,
                         struct itimerspec32 *uold);
long sys_timerfd_gettime(int fd, struct itimerspec32 *ucur);

#endif
