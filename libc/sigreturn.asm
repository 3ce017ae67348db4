; libc/sigreturn.asm - the "restorers" that a signal handler returns to.
;
; When the kernel runs a handler it builds a frame on the user stack whose
; return address is the sa_restorer that sigaction() registered (with
; SA_RESTORER).  So when the handler does "ret", it lands here, and we ask
; the kernel to restore the registers and signal mask saved in the frame.

bits 32
section .text

; For handlers without SA_SIGINFO: the "ret" popped the return address;
; the signal number argument is still on the stack above it.  Pop it, so
; that esp points at the saved sigcontext, as sigreturn expects.
global __restore
__restore:
        pop eax                 ; drop the signal-number argument
        mov eax, 119            ; SYS_sigreturn
        int 0x80                ; never returns

; For SA_SIGINFO handlers: rt_sigreturn finds the saved ucontext itself,
; relative to esp just after the "ret".
global __restore_rt
__restore_rt:
        mov eax, 173            ; SYS_rt_sigreturn
        int 0x80                ; never returns

section .note.GNU-stack noalloc noexec nowrite progbits
