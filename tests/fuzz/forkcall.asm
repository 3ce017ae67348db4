; tests/fuzz/forkcall.asm - a system call after which a new process must
; not come back into C.
;
; long fuzz_forkcall(long nr, long a, long b, long c, long d, long e, long f)
; is __syscall6 (libc/trap.asm) with one difference: when the call was a
; fork, vfork or clone and this is the new process (eax = 0), it exits at
; once with SYS_exit, touching neither the stack (a vfork or CLONE_VM child
; shares it with its parent, and clone may have given it a random one) nor
; anything else.  SYS_exit, not exit_group: a CLONE_THREAD child must end
; only itself.

bits 32
section .text

global fuzz_forkcall
fuzz_forkcall:
        push ebp                ; save the four callee-saved registers
        push edi
        push esi
        push ebx
        mov eax, [esp+20]       ; nr: 16 bytes of saves + the return address
        mov ebx, [esp+24]       ; argument 1
        mov ecx, [esp+28]       ; argument 2
        mov edx, [esp+32]       ; argument 3
        mov esi, [esp+36]       ; argument 4
        mov edi, [esp+40]       ; argument 5
        mov ebp, [esp+44]       ; argument 6
        int 0x80                ; parent: the child's pid or -errno; child: 0
        test eax, eax           ; the new process?
        jnz .parent
        mov eax, 1              ; SYS_exit
        xor ebx, ebx            ; status 0
        int 0x80                ; never returns
.parent:
        pop ebx                 ; restore our caller's registers
        pop esi
        pop edi
        pop ebp
        ret
