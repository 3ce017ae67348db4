; boot/entry.asm - the first instructions Pagoda runs.
;
; A multiboot loader (GRUB, or QEMU's -kernel) loads us at 1 MiB physical and
; jumps here in 32-bit protected mode with paging off:
;   eax = 0x2BADB002 (the multiboot magic), ebx = physical address of the
;   multiboot information structure.
; The kernel is linked at 0xC0100000 (linker.ld), so until paging is on we may
; only use relative jumps and addresses with KERNEL_VMA subtracted.
;
; Plan: load a boot page directory that maps the first 64 MiB twice, at 0 (so
; the instruction after "enable paging" still exists) and at 0xC0000000 (where
; the kernel is linked), turn paging on, jump to the higher half, set up the
; boot stack and call kmain(magic, info).  mm/paging.c later switches to the
; kernel's real page directory, which no longer has the low identity map.

KERNEL_VMA      equ 0xC0000000
KERNEL_PDE      equ KERNEL_VMA >> 22    ; page-directory index of 0xC0000000 (768)
BOOT_MAP_PDES   equ 16                  ; 16 x 4 MiB = first 64 MiB mapped at boot

MB_MAGIC        equ 0x1BADB002          ; multiboot v1 header magic
MB_PAGE_ALIGN   equ 1 << 0              ; load modules on page boundaries
MB_MEMINFO      equ 1 << 1              ; give us mem_lower/upper and the memory map
MB_FLAGS        equ MB_PAGE_ALIGN | MB_MEMINFO

PDE_PRESENT     equ 1 << 0              ; Intel SDM vol. 3 table 4-5
PDE_WRITE       equ 1 << 1
PDE_PS          equ 1 << 7              ; 4 MiB page (needs CR4.PSE)
CR4_PSE         equ 1 << 4              ; page size extensions
CR0_WP          equ 1 << 16             ; supervisor writes honour R/W
CR0_PG          equ 1 << 31             ; paging

BOOT_STACK_SIZE equ 16384

; ---------------------------------------------------------------------------
; The multiboot header: the loader searches the first 8 KiB of the file for it.
section .multiboot
align 4
    dd MB_MAGIC
    dd MB_FLAGS
    dd -(MB_MAGIC + MB_FLAGS)           ; the three words must sum to zero

; ---------------------------------------------------------------------------
; The boot page directory, built by the assembler: 4 MiB pages, present and
; writable, for [0, 64 MiB) at both 0 and 0xC0000000.
section .data
align 4096
global boot_pgdir
boot_pgdir:
%assign i 0
%rep BOOT_MAP_PDES
    dd (i << 22) | PDE_PRESENT | PDE_WRITE | PDE_PS     ; identity map
%assign i i+1
%endrep
    times (KERNEL_PDE - BOOT_MAP_PDES) dd 0
%assign i 0
%rep BOOT_MAP_PDES
    dd (i << 22) | PDE_PRESENT | PDE_WRITE | PDE_PS     ; higher-half map
%assign i i+1
%endrep
    times (1024 - KERNEL_PDE - BOOT_MAP_PDES) dd 0

; ---------------------------------------------------------------------------
; The boot stack, with one page below it that mm/paging.c leaves unmapped:
; a kernel stack overflow then faults instead of silently corrupting memory.
section .bss.pagealigned nobits alloc write align=4096
global boot_stack_guard, boot_stack_top
boot_stack_guard:
    resb 4096
boot_stack_bottom:
    resb BOOT_STACK_SIZE
boot_stack_top:

; ---------------------------------------------------------------------------
section .text.entry
global start
extern kmain
start:
    cli                                 ; no interrupts until we have an IDT
    mov ecx, boot_pgdir - KERNEL_VMA    ; physical address of the boot pgdir
    mov cr3, ecx                        ; CR3 = page directory base
    mov ecx, cr4
    or ecx, CR4_PSE                     ; allow 4 MiB pages
    mov cr4, ecx
    mov ecx, cr0
    or ecx, CR0_PG | CR0_WP             ; paging on; kernel obeys read-only pages
    mov cr0, ecx                        ; from here on addresses are virtual
    lea ecx, [higher_half]              ; absolute address: 0xC01xxxxx
    jmp ecx                             ; leave the identity map behind
higher_half:
    mov esp, boot_stack_top             ; the boot stack (virtual address)
    xor ebp, ebp                        ; ebp = 0 ends panic's backtrace here
    push ebx                            ; arg 2: multiboot info (physical)
    push eax                            ; arg 1: multiboot magic
    call kmain                          ; kmain never returns...
.hang:
    cli                                 ; ...but if it did, stop the CPU
    hlt
    jmp .hang
