; libc/crt0.asm - the entry point of every user program.
;
; The kernel starts a new program at _start with this stack (Linux's
; initial process stack):
;
;     esp ->  argc
;             argv[0] ... argv[argc-1], NULL
;             envp[0] ... NULL
;             auxv pairs ..., AT_NULL
;             the strings themselves
;
; _start finds argv and envp, publishes envp as `environ`, calls
; main(argc, argv, envp) and passes its result to exit(), which flushes
; stdio and ends the process.

bits 32

extern main
extern exit
extern environ

section .text
global _start
_start:
        xor ebp, ebp            ; ebp = 0 marks the outermost frame for backtraces
        mov eax, [esp]          ; eax = argc
        lea ebx, [esp+4]        ; ebx = argv, the array just above argc
        lea ecx, [ebx+eax*4+4]  ; ecx = envp, just past argv's NULL
        mov [environ], ecx      ; getenv() and execvp() read it from there
        and esp, -16            ; align the stack to 16 bytes, as gcc expects
        sub esp, 4              ; 4 + 3 pushes of 4 = 16: aligned at the call
        push ecx                ; main's third argument: envp
        push ebx                ; second: argv
        push eax                ; first: argc
        call main
        mov [esp], eax          ; exit(main's return value)
        call exit
        hlt                     ; not reached: exit does not return

section .note.GNU-stack noalloc noexec nowrite progbits
