; libc/trap.asm - the one place where the C library traps into the kernel.
;
; Linux i386 convention: eax holds the call number, ebx ecx edx esi edi ebp
; hold up to six arguments, "int 0x80" traps into the kernel, and the
; result (or -errno) comes back in eax.  The kernel preserves every other
; register.

bits 32
section .text

; long __syscall6(long nr, long a, long b, long c, long d, long e, long f)
; Every wrapper funnels through here.  ebx, esi, edi and ebp belong to our
; caller under the C calling convention, so they are saved around the trap.
global __syscall6
__syscall6:
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
        int 0x80                ; enter the kernel; the result is in eax
        pop ebx                 ; restore our caller's registers
        pop esi
        pop edi
        pop ebp
        ret

; pid_t vfork(void)
; The child borrows the parent's memory, stack included, until it calls
; execve or _exit.  If vfork were written in C, the child returning from
; it would leave a stack frame that its next call overwrites, and the
; parent would later return through garbage.  So the return address is
; kept in a register (edx, which the kernel preserves) instead.
extern errno
global vfork
vfork:
        pop edx                 ; take our return address off the stack
        mov eax, 190            ; SYS_vfork
        int 0x80                ; parent: child's pid; child: 0
        push edx                ; put the return address back
        cmp eax, -4095          ; results in [-4095, -1] are -errno
        jae .error
        ret
.error:
        neg eax                 ; eax = errno value
        mov [errno], eax
        mov eax, -1             ; and the C result is -1
        ret

; Tell the linker this code does not need an executable stack.
section .note.GNU-stack noalloc noexec nowrite progbits
