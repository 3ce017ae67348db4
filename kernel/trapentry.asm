; kernel/trapentry.asm - the first kernel code run on every interrupt,
; exception and system call.
;
; The CPU pushes (ss, esp if we came from ring 3,) eflags, cs, eip and, for
; some exceptions, an error code.  Each stub below makes the stack look the
; same for every vector (an error code, then the vector number), then
; trap_common saves the general registers and segment registers, forming a
; struct trapframe (kernel/trap.h), and calls trap(tf) in C.  The segment
; registers are the program's choice, so loading them back in trap_return
; may fault: see docs/ARCHITECTURE.md, "Segment selectors".

KERNEL_DS equ 0x68              ; kernel data selector (kernel/gdt.h)
T_BAD_IRET equ 0x100            ; "the return to user mode failed" (kernel/trap.h)

; A vector for which the CPU pushes no error code: push a zero instead.
%macro TRAP_NOERR 1
trap_stub_%1:
    push dword 0                ; error code placeholder
    push dword %1               ; vector number
    jmp trap_common
%endmacro

; A vector for which the CPU already pushed an error code.
%macro TRAP_ERR 1
trap_stub_%1:
    push dword %1               ; vector number
    jmp trap_common
%endmacro

section .text
extern trap

; Exceptions 8, 10-14, 17, 21, 29, 30 push an error code (SDM vol. 3, 6.13).
%assign v 0
%rep 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
    TRAP_ERR v
%else
    TRAP_NOERR v
%endif
%assign v v+1
%endrep

; The 16 hardware interrupts (vectors 32-47) and int $0x80.
%assign v 32
%rep 16
    TRAP_NOERR v
%assign v v+1
%endrep
    TRAP_NOERR 128

trap_common:
    pushad                      ; eax ecx edx ebx esp ebp esi edi
    push ds                     ; the interrupted segment registers
    push es
    push fs
    push gs
    mov ax, KERNEL_DS           ; kernel data segment for C code
    mov ds, ax
    mov es, ax
    xor eax, eax                ; null %fs and %gs: the kernel never holds a
    mov fs, ax                  ; user selector, so rewriting a TLS slot in
    mov gs, ax                  ; the GDT cannot leave one stale (proc/sched.c)
    push esp                    ; argument: struct trapframe *tf
    call trap
    add esp, 4                  ; drop the argument
; A new process's first return to user space also starts here (proc/).
;
; Each of the five labelled instructions below loads a selector that the
; program chose (through mov, sigreturn or set_thread_area), so each may
; fault in the kernel: #GP, #NP or #SS.  kernel/fixup.c knows these
; addresses: a faulting pop gets the null selector instead and is retried
; (as Linux's entry_32.S does), and a faulting iret becomes a SIGILL for the
; program (trap_bad_iret, below).
global trap_return
global trap_return_pop_gs, trap_return_pop_fs, trap_return_pop_es
global trap_return_pop_ds, trap_return_iret
trap_return:
trap_return_pop_gs:
    pop gs                      ; restore what trap_common saved
trap_return_pop_fs:
    pop fs
trap_return_pop_es:
    pop es
trap_return_pop_ds:
    pop ds
    popad
    add esp, 8                  ; drop vector number and error code
trap_return_iret:
    iret                        ; back to the interrupted code

; kernel/fixup.c resumes here when trap_return's iret faulted.  The stack
; pointer is back where it was at the iret: on the user's eip, cs, eflags,
; esp and ss, with the user's general and segment registers still loaded.
; Pushing an error code and a vector on top rebuilds the program's whole
; trap frame in its usual place, as if the program itself had trapped with
; vector T_BAD_IRET; trap() then signals it.
global trap_bad_iret
trap_bad_iret:
    push dword 0                ; error code
    push dword T_BAD_IRET       ; vector number (kernel/trap.h)
    jmp trap_common

; The table idt.c reads: trap_vectors[v] is the stub for vector v
; (0-47; the int $0x80 stub is trap_vector_syscall).
section .rodata
global trap_vectors, trap_vector_syscall
trap_vectors:
%assign v 0
%rep 48
    dd trap_stub_%+v
%assign v v+1
%endrep
trap_vector_syscall:
    dd trap_stub_128
