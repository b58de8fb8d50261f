// GSSAPI entry points for a libgit2 linked from its static archive (cmake/KittylogStaticDeps.cmake).
//
// libgit2.a refers to GSSAPI for HTTP "Negotiate" (Kerberos/SPNEGO) authentication only, and
// Debian ships GSSAPI as shared libraries only: linking them would load six Kerberos libraries
// at every kittylog start. kittylog makes no network calls through libgit2 (no fetch, clone or
// push), so these answer GSS_S_FAILURE (minor status 0) to every call: libgit2 then treats
// Negotiate as unavailable, as on a system without Kerberos. Thread-safe (no state).
extern "C" {

typedef unsigned int OM_uint32;
typedef void* gss_OID;

#define KL_GSS_FAILS(name)                     \
  OM_uint32 name(OM_uint32* minor_status, ...); \
  OM_uint32 name(OM_uint32* minor_status, ...) { \
    if (minor_status) *minor_status = 0;        \
    return 13u << 16; /* GSS_S_FAILURE, RFC 2744 */ \
  }

KL_GSS_FAILS(gss_display_status)
KL_GSS_FAILS(gss_release_buffer)
KL_GSS_FAILS(gss_delete_sec_context)
KL_GSS_FAILS(gss_import_name)
KL_GSS_FAILS(gss_release_name)
KL_GSS_FAILS(gss_init_sec_context)
KL_GSS_FAILS(gss_indicate_mechs)
KL_GSS_FAILS(gss_release_oid_set)

gss_OID GSS_C_NT_HOSTBASED_SERVICE = nullptr;

}  // extern "C"
