/*
 * sys/utsname.h - uname(): the name of the system.  The layout is Linux's
 * struct new_utsname: six 65-byte strings.
 */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

struct utsname {
    char sysname[65];      /* "Pagoda" */
    char nodename[65];     /* host name */
    char release[65];      /* kernel release */
    char version[65];      /* kernel build */
    char machine[65];      /* "i686" */
    char domainname[65];
};

int uname(struct utsname *u);

#endif
