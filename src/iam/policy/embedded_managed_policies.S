/* The AWS managed policies (data/iam/managed-policies, bundled by tools/gen_managed_policies.py),
   embedded read-only in the binary. TARN_MANAGED_POLICIES_JSON is the bundle's path (set by
   CMakeLists.txt); managed_policies.cpp reads the bytes between the two symbols. */
        .section .rodata.tarn_managed_policies,"a",@progbits
        .global tarn_managed_policies_json_start
        .global tarn_managed_policies_json_end
        .balign 16
tarn_managed_policies_json_start:
        .incbin TARN_MANAGED_POLICIES_JSON
tarn_managed_policies_json_end:
        .byte 0
        .section .note.GNU-stack,"",@progbits
