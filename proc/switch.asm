; proc/switch.asm - swtch(old, new): the kernel context switch.
;
;   void swtch(struct context **old, struct context *new);
;
; Saves the callee-saved registers of the running code on its own kernel
; stack, stores that stack pointer in *old, loads `new` as the stack
; pointer and pops the registers saved there.  The `ret` at the end then
; returns into whatever code called swtch on that stack earlier (or into
; forkret, for a brand-new process).  Caller-saved registers (eax, ecx,
; edx) need no saving: the C compiler assumes swtch clobbers them.
; The layout matches struct context in proc/proc.h: edi esi ebx ebp eip.

section .text
global swtch
swtch:
    mov eax, [esp + 4]      ; eax = old (struct context **)
    mov edx, [esp + 8]      ; edx = new (struct context *)
    push ebp                ; save callee-saved registers; eip is already
    push ebx                ; on the stack as our return address
    push esi
    push edi
    mov [eax], esp          ; *old = this stack, now a struct context
    mov esp, edx            ; switch to the other stack
    pop edi                 ; restore its registers...
    pop esi
    pop ebx
    pop ebp
    ret                     ; ...and return into it
